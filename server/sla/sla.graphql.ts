import { z } from 'zod';
import { CasePriorityEnum, casePayload, CaseSlaRef, errorsFor, text } from '../cases/case.graphql.js';
import { CASE_PRIORITIES, type CasePriority, type OrganizationRow, type SlaPolicyRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';
import { decodeId } from '../graphql/ids.js';
import { loadRequired } from '../graphql/loaders.js';
import { OrganizationRef } from '../organizations/organization.graphql.js';
import { WEEKDAYS, type Weekday } from './business-time.js';
import type { Holding, SlaTarget } from './clock.js';
import { changeCasePriority } from './priority.js';
import {
  clearBusinessCalendar,
  clearSlaPolicy,
  policyFor,
  readCalendarSetting,
  readSlaPolicies,
  setBusinessCalendar,
  setSlaPolicy,
  type EffectiveCalendar,
  type Inherited,
  type SettingsSnapshot,
} from './settings.js';
import { storableString } from '../graphql/storable-string.js';

// ---- Case.sla: targets, time used and left, time held per level ----

const SlaTargetRef = builder.objectRef<SlaTarget>('SlaTarget').implement({
  description: 'One promised time of a case, counted in business minutes of the holders’ calendars.',
  fields: (t) => ({
    targetMinutes: t.exposeInt('targetMinutes'),
    usedMinutes: t.int({
      description: 'Business minutes the clock has run.',
      resolve: (s) => Math.floor(s.usedMinutes),
    }),
    leftMinutes: t.int({
      description: 'Business minutes left; negative once late.',
      resolve: (s) => s.targetMinutes - Math.floor(s.usedMinutes),
    }),
    dueAt: t.expose('dueAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it is (or was) due; null while paused before it is late.',
    }),
    metAt: t.expose('metAt', { type: 'DateTime', nullable: true }),
    warning: t.exposeBoolean('warning', { description: 'The warning share of the target is used.' }),
    breached: t.exposeBoolean('breached'),
  }),
});

const SlaHoldingRef = builder.objectRef<Holding>('SlaHolding').implement({
  description: 'A stretch during which one organization held the case.',
  fields: (t) => ({
    organization: t.field({
      type: OrganizationRef,
      resolve: (h, _args, context) => loadRequired(context.loaders.organization, h.organizationId),
    }),
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime', nullable: true, description: 'Null for the current holder.' }),
    usedMinutes: t.int({
      description: 'Business minutes the clock ran while it held the case, in its calendar.',
      resolve: (h) => Math.floor(h.usedMinutes),
    }),
  }),
});

builder.objectFields(CaseSlaRef, (t) => ({
  firstResponse: t.field({
    type: SlaTargetRef,
    nullable: true,
    description: 'Null when no SLA policy applies to the case.',
    resolve: (sla) => sla.clock.firstResponse,
  }),
  resolution: t.field({ type: SlaTargetRef, nullable: true, resolve: (sla) => sla.clock.resolution }),
  warning: t.boolean({
    description: 'The first response or the resolution has used its warning share and is not met yet.',
    resolve: ({ clock }) =>
      [clock.firstResponse, clock.resolution].some((target) => !!target && target.warning && !target.metAt),
  }),
  holdings: t.field({
    type: [SlaHoldingRef],
    description: 'Time held per organization, oldest first; the last is the current holder.',
    resolve: (sla) => sla.clock.holdings,
  }),
  currentLevel: t.field({
    type: SlaTargetRef,
    nullable: true,
    description: 'The current holder’s own target for how long it may hold the case (OLA), if its policy sets one.',
    resolve: (sla) => sla.clock.currentLevel,
  }),
  autoEscalates: t.boolean({
    description: 'The current holder’s policy escalates the case to its parent when its hold target is missed.',
    resolve: (sla) => sla.clock.autoEscalate,
  }),
}));

// ---- Business calendars ----

const WeekdayEnum = builder.enumType('Weekday', { values: WEEKDAYS.map((d) => d.toUpperCase()) });
const toWeekday = (day: string) => day.toLowerCase() as Weekday;

interface CalendarView {
  organization: OrganizationRow;
  effective: EffectiveCalendar;
  own: { valid_from: Date } | null;
}

const OpeningIntervalRef = builder
  .objectRef<{ day: Weekday; opens: string; closes: string }>('OpeningInterval')
  .implement({
    fields: (t) => ({
      day: t.field({ type: WeekdayEnum, resolve: (i) => i.day.toUpperCase() }),
      opens: t.exposeString('opens', { description: 'Local time, HH:MM.' }),
      closes: t.exposeString('closes', { description: 'Local time, HH:MM (24:00 = midnight).' }),
    }),
  });
const HolidayRef = builder.objectRef<{ date: string; name: string | null }>('Holiday').implement({
  fields: (t) => ({
    date: t.exposeString('date', { description: 'YYYY-MM-DD in the calendar’s time zone.' }),
    name: t.exposeString('name', { nullable: true }),
  }),
});

const BusinessCalendarRef = builder.objectRef<CalendarView>('BusinessCalendar').implement({
  description: 'The business hours an organization counts SLA time in, and where they come from.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, resolve: (v) => v.organization }),
    timeZone: t.string({ resolve: (v) => v.effective.calendar.timeZone }),
    weekly: t.field({
      type: [OpeningIntervalRef],
      resolve: (v) =>
        WEEKDAYS.flatMap((day) =>
          (v.effective.calendar.weekly[day] ?? []).map(([opens, closes]) => ({ day, opens, closes })),
        ),
    }),
    holidays: t.field({ type: [HolidayRef], resolve: (v) => v.effective.setting?.holidays ?? [] }),
    source: t.field({
      type: OrganizationRef,
      nullable: true,
      description:
        'The organization whose setting applies (itself or an ancestor); null when none has one: open around the clock.',
      resolve: (v, _args, context) =>
        v.effective.sourceOrganizationId ? context.loaders.organization.load(v.effective.sourceOrganizationId) : null,
    }),
    locked: t.boolean({
      description: 'The setting that applies is locked: levels below its source cannot override it.',
      resolve: (v) => v.effective.locked,
    }),
    ownSince: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the organization’s own calendar took effect; null when it inherits.',
      resolve: (v) => v.own?.valid_from ?? null,
    }),
  }),
});

/** Reads of settings answer null where the viewer may not manage them, like an object that does not exist. */
async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) return null;
    throw error;
  }
}

const OpeningIntervalInput = builder.inputType('OpeningIntervalInput', {
  fields: (t) => ({
    day: t.field({ type: WeekdayEnum }),
    opens: t.string({ description: 'HH:MM' }),
    closes: t.string({ description: 'HH:MM, after `opens` (24:00 = midnight).' }),
  }),
});
const HolidayInput = builder.inputType('HolidayInput', {
  fields: (t) => ({
    date: t.string({ description: 'YYYY-MM-DD' }),
    name: t.string({ required: false, validate: storableString().max(200, 'At most 200 characters') }),
  }),
});

const CalendarPayload = (name: string) =>
  builder.objectRef<CalendarView>(name).implement({
    fields: (t) => ({ calendar: t.field({ type: BusinessCalendarRef, resolve: (v) => v }) }),
  });

const organizationIdOf = (input: { organizationId: string | number }) =>
  decodeId(String(input.organizationId), 'Organization');

// ---- SLA policies ----

interface PolicyView {
  organization: OrganizationRow;
  priority: CasePriority;
  effective: Inherited<SlaPolicyRow>;
}

const SlaPolicyRef = builder.objectRef<SlaPolicyRow>('SlaPolicy').implement({
  description: 'Targets for one priority, in business minutes.',
  fields: (t) => ({
    firstResponseMinutes: t.exposeInt('first_response_minutes', { description: 'Customer-facing.' }),
    resolutionMinutes: t.exposeInt('resolution_minutes', { description: 'Customer-facing.' }),
    levelHoldMinutes: t.exposeInt('level_hold_minutes', {
      nullable: true,
      description: 'How long one level may hold a case before it should escalate or resolve it (OLA).',
    }),
    warningPercent: t.exposeInt('warning_percent', { description: 'Share of a target used that raises a warning.' }),
    autoEscalate: t.exposeBoolean('auto_escalate', {
      description: 'When the hold target is missed, the case goes to the holder’s parent by itself.',
    }),
  }),
});

const SlaPolicySettingRef = builder.objectRef<PolicyView>('SlaPolicySetting').implement({
  description: 'The SLA policy that applies to an organization for one priority, and where it comes from.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, resolve: (v) => v.organization }),
    priority: t.field({ type: CasePriorityEnum, resolve: (v) => v.priority }),
    policy: t.field({
      type: SlaPolicyRef,
      nullable: true,
      description: 'Null when no level sets one: cases of this priority have no targets.',
      resolve: (v) => v.effective.setting,
    }),
    source: t.field({
      type: OrganizationRef,
      nullable: true,
      resolve: (v, _args, context) =>
        v.effective.sourceOrganizationId ? context.loaders.organization.load(v.effective.sourceOrganizationId) : null,
    }),
    locked: t.boolean({ resolve: (v) => v.effective.locked }),
    own: t.boolean({
      description: 'The organization has its own policy for this priority (it may be overridden by a lock above).',
      resolve: (v) => v.effective.sourceOrganizationId === v.organization.id,
    }),
  }),
});

function policyViews({ organization, snapshot }: { organization: OrganizationRow; snapshot: SettingsSnapshot }) {
  return CASE_PRIORITIES.map((priority) => ({
    organization,
    priority,
    effective: policyFor(snapshot, organization.id, priority),
  }));
}

const PoliciesPayload = (name: string) =>
  builder.objectRef<PolicyView[]>(name).implement({
    fields: (t) => ({ policies: t.field({ type: [SlaPolicySettingRef], resolve: (v) => v }) }),
  });

const minutes = z.number().int('Whole minutes').min(1, 'At least 1 minute').max(525_600, 'At most a year of minutes');
const settingsErrors = (name: string) => ({ types: [ValidationError, NotFoundError, ForbiddenError], union: { name } });

builder.queryFields((t) => ({
  businessCalendar: t.field({
    type: BusinessCalendarRef,
    nullable: true,
    description: 'The calendar that applies to an organization now; null unless the viewer manages its settings.',
    authScopes: { loggedIn: true },
    args: { organizationId: t.arg.id() },
    resolve: (_root, args, context) =>
      orNull(() => readCalendarSetting(context, organizationIdOf({ organizationId: args.organizationId }))),
  }),
  slaPolicies: t.field({
    type: [SlaPolicySettingRef],
    nullable: true,
    description:
      'The policy per priority that applies to an organization; null unless the viewer manages its settings.',
    authScopes: { loggedIn: true },
    args: { organizationId: t.arg.id() },
    resolve: async (_root, args, context) => {
      const read = await orNull(() =>
        readSlaPolicies(context, organizationIdOf({ organizationId: args.organizationId })),
      );
      return read ? policyViews(read) : null;
    },
  }),
}));

builder.mutationFields((t) => ({
  setBusinessCalendar: t.fieldWithInput({
    type: CalendarPayload('SetBusinessCalendarPayload'),
    description: 'Gives an organization its own business hours, from now on, for itself and the levels below.',
    errors: settingsErrors('SetBusinessCalendarResult'),
    authScopes: { loggedIn: true },
    input: {
      organizationId: t.input.id(),
      timeZone: t.input.string({
        required: false,
        description: 'IANA zone for every level using this calendar; default: each organization’s own zone.',
      }),
      weekly: t.input.field({
        type: [OpeningIntervalInput],
        validate: z.array(z.unknown()).max(70, 'At most 70 intervals'),
      }),
      holidays: t.input.field({
        type: [HolidayInput],
        validate: z.array(z.unknown()).max(1000, 'At most 1,000 holidays'),
      }),
      locked: t.input.boolean({ required: false, description: 'Levels below may not set their own.' }),
    },
    resolve: (_root, { input }, context) =>
      setBusinessCalendar(context, {
        ...input,
        organizationId: organizationIdOf(input),
        weekly: input.weekly.map((i) => ({ ...i, day: toWeekday(i.day) })),
      }),
  }),
  clearBusinessCalendar: t.fieldWithInput({
    type: CalendarPayload('ClearBusinessCalendarPayload'),
    description: 'Drops an organization’s own business hours: from now on it inherits them again.',
    errors: settingsErrors('ClearBusinessCalendarResult'),
    authScopes: { loggedIn: true },
    input: { organizationId: t.input.id() },
    resolve: (_root, { input }, context) => clearBusinessCalendar(context, organizationIdOf(input)),
  }),
  setSlaPolicy: t.fieldWithInput({
    type: PoliciesPayload('SetSlaPolicyPayload'),
    description: 'Sets an organization’s targets for one priority; open cases are re-targeted, their time used kept.',
    errors: settingsErrors('SetSlaPolicyResult'),
    authScopes: { loggedIn: true },
    input: {
      organizationId: t.input.id(),
      priority: t.input.field({ type: CasePriorityEnum }),
      firstResponseMinutes: t.input.int({ validate: minutes }),
      resolutionMinutes: t.input.int({ validate: minutes }),
      levelHoldMinutes: t.input.int({ required: false, validate: minutes }),
      warningPercent: t.input.int({
        required: false,
        description: 'Default 80.',
        validate: z.number().int().min(1, 'Between 1 and 99').max(99, 'Between 1 and 99'),
      }),
      autoEscalate: t.input.boolean({ required: false }),
      locked: t.input.boolean({ required: false }),
    },
    resolve: async (_root, { input }, context) =>
      policyViews(await setSlaPolicy(context, { ...input, organizationId: organizationIdOf(input) })),
  }),
  clearSlaPolicy: t.fieldWithInput({
    type: PoliciesPayload('ClearSlaPolicyPayload'),
    description: 'Drops an organization’s own policy for one priority: it inherits again.',
    errors: settingsErrors('ClearSlaPolicyResult'),
    authScopes: { loggedIn: true },
    input: { organizationId: t.input.id(), priority: t.input.field({ type: CasePriorityEnum }) },
    resolve: async (_root, { input }, context) =>
      policyViews(await clearSlaPolicy(context, { ...input, organizationId: organizationIdOf(input) })),
  }),
  changeCasePriority: t.fieldWithInput({
    type: casePayload('ChangeCasePriorityPayload'),
    description: 'Re-targets the SLA to the new priority; the business time already used is kept.',
    errors: errorsFor('ChangeCasePriorityResult'),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      priority: t.input.field({ type: CasePriorityEnum }),
      reason: t.input.string({ required: false, validate: text.reason }),
      expectedVersion: t.input.int({ required: false }),
    },
    resolve: (_root, { input }, context) =>
      changeCasePriority(context, { ...input, caseId: decodeId(String(input.caseId), 'Case') }),
  }),
}));
