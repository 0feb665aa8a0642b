import type { Config } from '../server/config.js';
import type { Db } from '../server/db/database.js';
import type { CasePriority } from '../server/db/schema.js';
import { hashPassword } from '../server/auth/passwords.js';
import { logger } from '../server/http/logger.js';
import { ensureOrganization, ensureUser, type OrganizationSeed, type UserSeed } from './network.js';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_ORGANIZATIONS: OrganizationSeed[] = [
  { code: 'HQ', kind: 'HQ', parentCode: null, name: 'Acme Motors HQ', timeZone: 'Europe/Berlin', country: 'DE' },
  { code: 'ES', kind: 'COUNTRY', parentCode: 'HQ', name: 'Acme Spain', timeZone: 'Europe/Madrid', country: 'ES' },
  { code: 'FR', kind: 'COUNTRY', parentCode: 'HQ', name: 'Acme France', timeZone: 'Europe/Paris', country: 'FR' },
  { code: 'ES-MAD', kind: 'DEALER', parentCode: 'ES', name: 'Madrid Centro', timeZone: 'Europe/Madrid', country: 'ES' },
  {
    code: 'ES-BCN',
    kind: 'DEALER',
    parentCode: 'ES',
    name: 'Barcelona Diagonal',
    timeZone: 'Europe/Madrid',
    country: 'ES',
  },
  { code: 'FR-PAR', kind: 'DEALER', parentCode: 'FR', name: 'Paris Nord', timeZone: 'Europe/Paris', country: 'FR' },
];

const demoUser = (
  email: string,
  name: string,
  organizationCode: string,
  role: UserSeed['memberships'][number]['role'],
): UserSeed => ({
  email,
  name,
  password: DEMO_PASSWORD,
  memberships: [{ organizationCode, role }],
});

export const DEMO_USERS: UserSeed[] = [
  demoUser('hq.admin@demo.test', 'Hannah Admin', 'HQ', 'ADMIN'),
  demoUser('hq.quality@demo.test', 'Quentin Quality', 'HQ', 'AUDITOR'),
  demoUser('es.manager@demo.test', 'Elena Manager', 'ES', 'MANAGER'),
  demoUser('es.agent@demo.test', 'Sergio Agent', 'ES', 'AGENT'),
  demoUser('fr.agent@demo.test', 'François Agent', 'FR', 'AGENT'),
  demoUser('mad.agent@demo.test', 'Marta Agent', 'ES-MAD', 'AGENT'),
  demoUser('bcn.agent@demo.test', 'Bruno Agent', 'ES-BCN', 'AGENT'),
  demoUser('par.agent@demo.test', 'Pauline Agent', 'FR-PAR', 'AGENT'),
];

/** HQ's business hours, inherited by every level, each counting in its own time zone. */
export const DEMO_BUSINESS_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['08:00', '18:00']]]),
);

/** HQ's targets per priority, in business minutes (a business day is 600). */
export const DEMO_SLA_POLICIES: Array<{
  priority: CasePriority;
  firstResponse: number;
  resolution: number;
  levelHold: number;
  autoEscalate: boolean;
}> = [
  { priority: 'LOW', firstResponse: 1200, resolution: 6000, levelHold: 3000, autoEscalate: false },
  { priority: 'NORMAL', firstResponse: 600, resolution: 3000, levelHold: 1200, autoEscalate: false },
  { priority: 'HIGH', firstResponse: 120, resolution: 1200, levelHold: 600, autoEscalate: false },
  { priority: 'URGENT', firstResponse: 60, resolution: 600, levelHold: 240, autoEscalate: true },
];

/** The demo network of the API contract; safe to run on every start. */
export async function seedDemoNetwork(db: Db): Promise<void> {
  for (const org of DEMO_ORGANIZATIONS) await ensureOrganization(db, org);
  // The demo users share one published password: it is hashed once (scrypt, the same parameters as any
  // password) for all of them. Eight hashes were most of a first start's seeding.
  const hashes = new Map<string, Promise<string>>();
  const hashOnce = (password: string) => {
    const hash = hashes.get(password) ?? hashPassword(password);
    hashes.set(password, hash);
    return hash;
  };
  await Promise.all(DEMO_USERS.map((user) => ensureUser(db, user, hashOnce)));
  await seedDemoSlaSettings(db);
}

/** HQ's calendar and policies, unless HQ already has settings of its own. */
async function seedDemoSlaSettings(db: Db): Promise<void> {
  const hq = await db.selectFrom('organizations').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow();
  const calendar = await db
    .selectFrom('business_calendar_settings')
    .select('id')
    .where('organization_id', '=', hq.id)
    .executeTakeFirst();
  // Valid from the epoch: the hours apply to demo cases whatever their dates.
  if (!calendar) {
    await db
      .insertInto('business_calendar_settings')
      .values({ organization_id: hq.id, valid_from: new Date(0), weekly: JSON.stringify(DEMO_BUSINESS_HOURS) })
      .execute();
  }
  await db
    .insertInto('sla_policies')
    .values(
      DEMO_SLA_POLICIES.map((p) => ({
        organization_id: hq.id,
        priority: p.priority,
        first_response_minutes: p.firstResponse,
        resolution_minutes: p.resolution,
        level_hold_minutes: p.levelHold,
        warning_percent: 80,
        auto_escalate: p.autoEscalate,
        locked: false,
        set_by: null,
      })),
    )
    .onConflict((oc) => oc.columns(['organization_id', 'priority']).doNothing())
    .execute();
}

/** Production start: one administrator at the root, from ADMIN_EMAIL / ADMIN_PASSWORD, once. */
export async function ensureInitialAdmin(db: Db, config: Config): Promise<void> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return;
  if (!config.adminEmail || !config.adminPassword) {
    logger.warn('empty database and no ADMIN_EMAIL / ADMIN_PASSWORD: nobody can log in yet');
    return;
  }
  await ensureOrganization(db, {
    code: process.env.ROOT_ORGANIZATION_CODE ?? 'HQ',
    kind: 'HQ',
    parentCode: null,
    name: process.env.ROOT_ORGANIZATION_NAME ?? 'Headquarters',
    timeZone: process.env.ROOT_ORGANIZATION_TIME_ZONE ?? 'UTC',
    country: null,
  });
  await ensureUser(db, {
    email: config.adminEmail.toLowerCase(),
    name: 'Administrator',
    password: config.adminPassword,
    memberships: [{ organizationCode: process.env.ROOT_ORGANIZATION_CODE ?? 'HQ', role: 'ADMIN' }],
  });
}
