import { addCaseNote, changeCaseStatus, logCaseContact } from '../server/cases/case-commands.js';
import { escalateCase } from '../server/cases/escalation.js';
import { openCase, type OpenCaseInput } from '../server/cases/open-case.js';
import { rateCase } from '../server/cases/public-status.js';
import { createRateLimits } from '../server/http/rate-limits.js';
import { membershipsOf } from '../server/auth/sessions.js';
import { viewerContext } from '../server/auth/viewer-context.js';
import type { Config } from '../server/config.js';
import type { Db } from '../server/db/database.js';
import type { HubContext } from '../server/graphql/context.js';
import type { CaseEventBus } from '../server/realtime/event-bus.js';

/** A demo user's request context, so demo cases go through the same write path as the API. */
async function actingAs(db: Db, config: Config, events: CaseEventBus, email: string): Promise<HubContext> {
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  const viewer = {
    id: user.id,
    email: user.email,
    name: user.name,
    sessionId: 'demo-seed',
    sessionExpiresAt: new Date(Date.now() + 60_000),
    memberships: await membershipsOf(db, user.id),
  };
  return {
    db,
    config,
    events,
    ...viewerContext(db, viewer),
    rateLimits: createRateLimits({
      publicLookupsPerClientPerMinute: 1000,
      wrongAccessCodesPerReference: 1000,
      loginsPerClientPerMinute: 1000,
      failedLoginsPerAccount: 1000,
    }),
    clientKey: 'demo-seed',
  };
}

const walkIn = (name: string, phone: string, subject: string, description: string): OpenCaseInput => ({
  organizationId: null,
  channel: 'WALK_IN',
  customer: { name, phone },
  subject,
  description,
});

/** A handful of cases in different states, so every screen has something to show. Only on a network without cases. */
export async function seedDemoCases(db: Db, config: Config, events: CaseEventBus): Promise<void> {
  const anyCase = await db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (anyCase) return;
  const mad = await actingAs(db, config, events, 'mad.agent@demo.test');
  const bcn = await actingAs(db, config, events, 'bcn.agent@demo.test');
  const es = await actingAs(db, config, events, 'es.agent@demo.test');
  const par = await actingAs(db, config, events, 'par.agent@demo.test');
  const hq = await actingAs(db, config, events, 'hq.admin@demo.test');

  await openCase(
    mad,
    walkIn(
      'Lucía Fernández',
      '+34 611 222 333',
      'Rattle from the dashboard',
      'A rattle behind the glove box above 80 km/h.',
    ),
  );

  const gearbox = await openCase(mad, {
    ...walkIn('Ana García', '+34 612 345 678', 'Noisy gearbox', 'Grinding noise when shifting into third gear.'),
    customer: { name: 'Ana García', phone: '+34 612 345 678', email: 'ana.garcia@example.com' },
    priority: 'HIGH',
  });
  await escalateCase(mad, { caseId: gearbox.case.id, reason: 'Needs the country’s technical team' });
  await logCaseContact(es, {
    caseId: gearbox.case.id,
    channel: 'PHONE',
    summary: 'Ana called to ask how it is going.',
  });
  await changeCaseStatus(es, {
    caseId: gearbox.case.id,
    status: 'OPEN',
    note: 'Our engineers are looking at it.',
    noteVisibility: 'PUBLIC',
  });

  const invoice = await openCase(
    bcn,
    walkIn(
      'Jordi Puig',
      '+34 633 444 555',
      'Invoice does not match the quote',
      'Service invoice is 120 € above the quote.',
    ),
  );
  await changeCaseStatus(bcn, {
    caseId: invoice.case.id,
    status: 'WAITING_ON_CUSTOMER',
    note: 'Could you send us a photo of the quote?',
    noteVisibility: 'PUBLIC',
  });

  const wipers = await openCase(par, {
    ...walkIn(
      'Chloé Martin',
      '06 12 34 56 78',
      'Windscreen wipers stop at random',
      'The wipers stop mid-sweep in heavy rain.',
    ),
    channel: 'PHONE',
  });
  await addCaseNote(par, { caseId: wipers.case.id, body: 'Replaced the wiper motor relay.', visibility: 'PUBLIC' });
  await changeCaseStatus(par, { caseId: wipers.case.id, status: 'RESOLVED' });
  await rateCase(par, {
    reference: wipers.case.reference,
    accessCode: wipers.case.access_code,
    score: 4,
    comment: 'Quick and friendly.',
  });

  const recall = await openCase(hq, {
    organizationId: null,
    channel: 'EMAIL',
    customer: { name: 'Peter Schmidt', email: 'p.schmidt@example.de' },
    subject: 'Question about the airbag recall',
    description: 'Is my car affected by the recall announced last week?',
    priority: 'URGENT',
  });
  await addCaseNote(hq, {
    caseId: recall.case.id,
    body: 'Checking the VIN against the recall list.',
    visibility: 'INTERNAL',
  });
}
