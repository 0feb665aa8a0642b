import { subject } from '@casl/ability';
import type { Db } from '../db/database.js';
import type {
  BusinessCalendarSettingRow,
  CasePriority,
  HolidaySetting,
  OrganizationRow,
  SlaPolicyRow,
} from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';
import { calendarProblems, WEEKDAYS, type BusinessCalendar, type Weekday } from './business-time.js';

/**
 * SLA settings inherited down the tree. For an organization, the setting that
 * applies is the nearest one along its path (itself, then its parent, ...),
 * unless a level above has locked its own: then the topmost locked one applies,
 * and levels below it cannot set their own.
 */

/** Where no level has set business hours, the clock runs around the clock. */
export const AROUND_THE_CLOCK: BusinessCalendar['weekly'] = Object.fromEntries(
  WEEKDAYS.map((day) => [day, [['00:00', '24:00']]]),
);

export type SettingsOrganization = Pick<OrganizationRow, 'id' | 'path' | 'time_zone' | 'parent_id' | 'kind'>;

/** Everything needed to resolve settings for a set of organizations, loaded at once. */
export interface SettingsSnapshot {
  organizations: Map<string, SettingsOrganization>;
  /** Per organization, its calendar versions oldest first. */
  calendarVersions: Map<string, BusinessCalendarSettingRow[]>;
  policies: Map<string, SlaPolicyRow>;
}

const policyKey = (organizationId: string, priority: CasePriority) => `${organizationId}:${priority}`;

export interface Inherited<T> {
  setting: T | null;
  /** The organization whose setting applies; null when none along the path has one. */
  sourceOrganizationId: string | null;
  /** True when the setting that applies is locked by its level. */
  locked: boolean;
}

/** Applies the inheritance rule to the settings along a path, root first. */
function inherit<T extends { locked: boolean }>(
  path: string[],
  own: (organizationId: string) => T | null,
): Inherited<T> {
  const settings = path.map((id) => ({ id, setting: own(id) }));
  const chosen = settings.find((s) => s.setting?.locked) ?? settings.findLast((s) => s.setting !== null);
  return {
    setting: chosen?.setting ?? null,
    sourceOrganizationId: chosen?.id ?? null,
    locked: !!chosen?.setting?.locked,
  };
}

function organizationIn(snapshot: SettingsSnapshot, organizationId: string): SettingsOrganization {
  const organization = snapshot.organizations.get(organizationId);
  if (!organization) throw new Error(`Organization ${organizationId} is not in the settings snapshot`);
  return organization;
}

/** An organization's own calendar version in force at `at`, or null (none, or cleared). */
function ownCalendarAt(snapshot: SettingsSnapshot, organizationId: string, at: Date) {
  const version = (snapshot.calendarVersions.get(organizationId) ?? []).findLast((v) => v.valid_from <= at);
  return version && !version.cleared ? version : null;
}

export interface EffectiveCalendar extends Inherited<BusinessCalendarSettingRow> {
  calendar: BusinessCalendar;
}

/** The business calendar an organization counts in at `at`; the zone is its own unless the setting names one. */
export function calendarAt(snapshot: SettingsSnapshot, organizationId: string, at: Date): EffectiveCalendar {
  const organization = organizationIn(snapshot, organizationId);
  const inherited = inherit(organization.path, (id) => ownCalendarAt(snapshot, id, at));
  const setting = inherited.setting;
  return {
    ...inherited,
    calendar: {
      timeZone: setting?.time_zone ?? organization.time_zone,
      weekly: setting?.weekly ?? AROUND_THE_CLOCK,
      holidays: (setting?.holidays ?? []).map((h) => h.date),
    },
  };
}

/** Instants strictly between `from` and `to` at which the calendar of the organization may change. */
export function calendarChangesBetween(
  snapshot: SettingsSnapshot,
  organizationId: string,
  from: Date,
  to: Date,
): Date[] {
  const organization = organizationIn(snapshot, organizationId);
  const instants = organization.path
    .flatMap((id) => snapshot.calendarVersions.get(id) ?? [])
    .map((v) => v.valid_from.getTime())
    .filter((t) => t > from.getTime() && t < to.getTime());
  return [...new Set(instants)].sort((a, b) => a - b).map((t) => new Date(t));
}

export function policyFor(
  snapshot: SettingsSnapshot,
  organizationId: string,
  priority: CasePriority,
): Inherited<SlaPolicyRow> {
  const organization = organizationIn(snapshot, organizationId);
  return inherit(organization.path, (id) => snapshot.policies.get(policyKey(id, priority)) ?? null);
}

/** Loads the organizations, their ancestors, and every setting along their paths. */
export async function loadSettingsSnapshot(db: Db, organizationIds: string[]): Promise<SettingsSnapshot> {
  const snapshot: SettingsSnapshot = { organizations: new Map(), calendarVersions: new Map(), policies: new Map() };
  if (organizationIds.length === 0) return snapshot;
  const columns = ['id', 'path', 'time_zone', 'parent_id', 'kind'] as const;
  const own = await db
    .selectFrom('organizations')
    .select(columns)
    .where('id', 'in', [...new Set(organizationIds)])
    .execute();
  const pathIds = [...new Set(own.flatMap((o) => o.path))];
  const [organizations, versions, policies] = await Promise.all([
    db.selectFrom('organizations').select(columns).where('id', 'in', pathIds).execute(),
    db
      .selectFrom('business_calendar_settings')
      .selectAll()
      .where('organization_id', 'in', pathIds)
      .orderBy('valid_from')
      .orderBy('id')
      .execute(),
    db.selectFrom('sla_policies').selectAll().where('organization_id', 'in', pathIds).execute(),
  ]);
  for (const organization of organizations) snapshot.organizations.set(organization.id, organization);
  for (const version of versions) {
    const list = snapshot.calendarVersions.get(version.organization_id) ?? [];
    list.push(version);
    snapshot.calendarVersions.set(version.organization_id, list);
  }
  for (const policy of policies) snapshot.policies.set(policyKey(policy.organization_id, policy.priority), policy);
  return snapshot;
}

/** The organization whose settings the viewer manages: NotFound when invisible, Forbidden when not theirs to manage. */
async function managedOrganization(context: Context, organizationId: string) {
  const organization = await context.loaders.readableOrganization.load(organizationId);
  if (!organization) throw new NotFoundError('Organization');
  if (
    !context.ability.can('manageSettings', subject('Organization', { id: organization.id, path: organization.path }))
  ) {
    throw new ForbiddenError('Only an administrator or manager of this organization or above manages its SLA settings');
  }
  return organization;
}

/** Refuses to set a setting that a level above has locked. */
function assertNotLockedAbove(
  organization: { id: string; name: string },
  inherited: Inherited<unknown>,
  snapshotNames: Map<string, string>,
  what: string,
) {
  if (inherited.locked && inherited.sourceOrganizationId !== organization.id) {
    const by = snapshotNames.get(inherited.sourceOrganizationId ?? '') ?? 'a level above';
    throw new ForbiddenError(`${by} has locked ${what}: ${organization.name} cannot set its own`);
  }
}

async function organizationNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function readCalendarSetting(context: Context, organizationId: string) {
  const organization = await managedOrganization(context, organizationId);
  const snapshot = await loadSettingsSnapshot(context.db, [organization.id]);
  return {
    organization,
    effective: calendarAt(snapshot, organization.id, new Date()),
    own: ownCalendarAt(snapshot, organization.id, new Date()),
  };
}

export interface CalendarInput {
  organizationId: string;
  timeZone?: string | null;
  weekly: Array<{ day: Weekday; opens: string; closes: string }>;
  holidays: Array<{ date: string; name?: string | null }>;
  locked?: boolean | null;
}

export async function setBusinessCalendar(context: Context, input: CalendarInput) {
  const organization = await managedOrganization(context, input.organizationId);
  const weekly: BusinessCalendar['weekly'] = {};
  for (const { day, opens, closes } of input.weekly) (weekly[day] ??= []).push([opens, closes]);
  const holidays: HolidaySetting[] = input.holidays.map((h) => ({ date: h.date, name: h.name?.trim() || null }));
  const problems = calendarProblems({
    timeZone: input.timeZone ?? organization.time_zone,
    weekly,
    holidays: holidays.map((h) => h.date),
  });
  if (problems.length) {
    // Paths name the input's fields: an interval by its index in the `weekly` list.
    const positions = new Map<string, number>();
    const counts = new Map<string, number>();
    input.weekly.forEach(({ day }, index) => {
      const n = counts.get(day) ?? 0;
      counts.set(day, n + 1);
      positions.set(`${day}.${n}`, index);
    });
    throw new ValidationError(
      problems.map(({ path, message }) => ({
        path: path[0] === 'weekly' && path[1] ? ['weekly', String(positions.get(`${path[1]}.${path[2]}`) ?? 0)] : path,
        message,
      })),
    );
  }
  for (const intervals of Object.values(weekly)) intervals?.sort(([a], [b]) => a.localeCompare(b));
  const snapshot = await loadSettingsSnapshot(context.db, [organization.id]);
  assertNotLockedAbove(
    organization,
    calendarAt(snapshot, organization.id, new Date()),
    await organizationNames(context.db, organization.path),
    'business hours',
  );
  await context.db
    .insertInto('business_calendar_settings')
    .values({
      organization_id: organization.id,
      time_zone: input.timeZone ?? null,
      weekly: JSON.stringify(weekly),
      holidays: JSON.stringify(holidays),
      locked: input.locked ?? false,
      set_by: context.viewer?.id ?? null,
    })
    .execute();
  return readCalendarSetting(context, organization.id);
}

/** The organization inherits its calendar again, from now on. */
export async function clearBusinessCalendar(context: Context, organizationId: string) {
  const organization = await managedOrganization(context, organizationId);
  const snapshot = await loadSettingsSnapshot(context.db, [organization.id]);
  if (ownCalendarAt(snapshot, organization.id, new Date())) {
    await context.db
      .insertInto('business_calendar_settings')
      .values({ organization_id: organization.id, cleared: true, set_by: context.viewer?.id ?? null })
      .execute();
  }
  return readCalendarSetting(context, organization.id);
}

export async function readSlaPolicies(context: Context, organizationId: string) {
  const organization = await managedOrganization(context, organizationId);
  const snapshot = await loadSettingsSnapshot(context.db, [organization.id]);
  return { organization, snapshot };
}

export interface PolicyInput {
  organizationId: string;
  priority: CasePriority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  levelHoldMinutes?: number | null;
  warningPercent?: number | null;
  autoEscalate?: boolean | null;
  locked?: boolean | null;
}

export async function setSlaPolicy(context: Context, input: PolicyInput) {
  const organization = await managedOrganization(context, input.organizationId);
  if (input.firstResponseMinutes > input.resolutionMinutes) {
    throw ValidationError.field('firstResponseMinutes', 'The first response cannot be due after the resolution');
  }
  const snapshot = await loadSettingsSnapshot(context.db, [organization.id]);
  assertNotLockedAbove(
    organization,
    policyFor(snapshot, organization.id, input.priority),
    await organizationNames(context.db, organization.path),
    `the ${input.priority} SLA policy`,
  );
  const values = {
    first_response_minutes: input.firstResponseMinutes,
    resolution_minutes: input.resolutionMinutes,
    level_hold_minutes: input.levelHoldMinutes ?? null,
    warning_percent: input.warningPercent ?? 80,
    auto_escalate: input.autoEscalate ?? false,
    locked: input.locked ?? false,
    set_by: context.viewer?.id ?? null,
    updated_at: new Date(),
  };
  await context.db
    .insertInto('sla_policies')
    .values({ organization_id: organization.id, priority: input.priority, ...values })
    .onConflict((oc) => oc.columns(['organization_id', 'priority']).doUpdateSet(values))
    .execute();
  return readSlaPolicies(context, organization.id);
}

export async function clearSlaPolicy(context: Context, input: { organizationId: string; priority: CasePriority }) {
  const organization = await managedOrganization(context, input.organizationId);
  await context.db
    .deleteFrom('sla_policies')
    .where('organization_id', '=', organization.id)
    .where('priority', '=', input.priority)
    .execute();
  return readSlaPolicies(context, organization.id);
}
