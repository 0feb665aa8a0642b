import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Table types for Kysely, kept by hand beside the migrations they mirror. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;

export const ROLES = ['AGENT', 'MANAGER', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
export const ORGANIZATION_KINDS = ['HQ', 'COUNTRY', 'DEALER'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const CHANNELS = ['WALK_IN', 'PHONE', 'EMAIL', 'WEB', 'CHAT', 'SOCIAL', 'EVENT'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CASE_STATUSES = ['NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
export const NOTE_VISIBILITIES = ['PUBLIC', 'INTERNAL'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export interface OrganizationsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: OrganizationKind;
  parent_id: string | null;
  path: string[];
  country_id: string | null;
  country: string | null;
  time_zone: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  user_id: string;
  organization_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CustomersTable {
  id: Generated<string>;
  name: string;
  email: string | null;
  phone: string | null;
  /** Two-letter language for notifications; null: the language of the case's country. */
  language: Generated<string | null>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface CasesTable {
  id: Generated<string>;
  country_id: string;
  reference: string;
  access_code: string;
  subject: string;
  description: string;
  status: CaseStatus;
  priority: CasePriority;
  channel: Channel;
  origin_organization_id: string;
  owner_organization_id: string;
  holder_ids: string[];
  visible_to: string[];
  assignee_id: string | null;
  customer_id: string;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  rating: number | null;
  rating_comment: string | null;
  /** Quality figures, kept by the write path (server/analytics/case-figures.ts). */
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  sla_met: boolean | null;
  escalation_count: Generated<number>;
  reopen_count: Generated<number>;
  rated_at: Date | null;
  dealer_minutes: number | null;
  country_minutes: number | null;
  hq_minutes: number | null;
}

/** Roll-up cells of the quality figures per organization subtree, UTC day, ISO week and month (202611240900, 1000). */
export interface MetricCellsTable {
  organization_id: string;
  grain: MetricGrain;
  start: Date;
  // ... and one integer column per counter (COUNTERS in server/analytics/metric-rollups.ts).
}

export type MetricGrain = 'day' | 'week' | 'month';

export interface MetricHistogramsTable {
  organization_id: string;
  grain: MetricGrain;
  start: Date;
  measure: number;
  bucket: number;
  count: number;
}

/** Open cases per organization subtree, status and UTC day of opening: the backlog (202611241200). */
export interface MetricBacklogTable {
  organization_id: string;
  status: CaseStatus;
  created_on: Date;
  count: number;
}

/** Cases opened and resolved per organization subtree and UTC hour: the dashboard's timeline (202611241000). */
export interface MetricHoursTable {
  organization_id: string;
  hour: Date;
  opened: number;
  resolved: number;
}

export interface CaseEventsTable {
  /** Commit order: gapless, assigned from `case_event_log_head` by the write path. */
  id: ColumnType<number, number, never>;
  case_id: string;
  country_id: string;
  type: string;
  actor_id: string | null;
  /** The role the actor acted in at `organization_id`, as it was then. */
  actor_role: Role | null;
  organization_id: string | null;
  channel: Channel | null;
  visibility: NoteVisibility;
  body: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: Generated<Date>;
}

export interface CaseEventLogHeadTable {
  singleton: ColumnType<boolean, never, never>;
  last_event_id: number;
}

export interface CaseReferenceCountersTable {
  country_id: string;
  year: number;
  last_value: number;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  case_id: string | null;
  created_at: CreatedAt;
}

export interface HolidaySetting {
  date: string;
  name: string | null;
}

export interface BusinessCalendarSettingsTable {
  id: ColumnType<number, never, never>;
  organization_id: string;
  valid_from: Timestamp;
  cleared: Generated<boolean>;
  /** null: each organization counts in its own time zone. */
  time_zone: string | null;
  weekly: ColumnType<Partial<Record<string, Array<[string, string]>>>, string | undefined, never>;
  holidays: ColumnType<HolidaySetting[], string | undefined, never>;
  locked: Generated<boolean>;
  set_by: string | null;
}

export interface SlaPoliciesTable {
  organization_id: string;
  priority: CasePriority;
  first_response_minutes: number;
  resolution_minutes: number;
  level_hold_minutes: number | null;
  warning_percent: number;
  auto_escalate: boolean;
  locked: boolean;
  set_by: string | null;
  updated_at: Timestamp;
}

export interface PasswordTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  purpose: 'INVITATION';
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AdminChangesTable {
  id: ColumnType<number, never, never>;
  action: string;
  actor_id: string | null;
  organization_id: string | null;
  user_id: string | null;
  before: ColumnType<Record<string, unknown> | null, string | null, never>;
  after: ColumnType<Record<string, unknown> | null, string | null, never>;
  visible_to: string[];
  created_at: CreatedAt;
}

export interface OrganizationInboundAddressesTable {
  address: string;
  organization_id: string;
  created_at: CreatedAt;
}

export interface InboundEmailsTable {
  message_id: string;
  case_id: string;
  sender: string;
  received_at: CreatedAt;
}

export const NOTIFICATION_KINDS = ['OPENED', 'PUBLIC_NOTE', 'WAITING_ON_CUSTOMER', 'RESOLVED'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationData {
  reference: string;
  accessCode: string;
  caseSubject: string;
  customerName: string;
  note: string | null;
}

export interface NotificationOutboxTable {
  id: ColumnType<number, never, never>;
  key: string;
  case_id: string;
  kind: NotificationKind;
  language: string;
  recipient: string;
  /** What the templates need, as of the change: reference, access code, note... */
  data: ColumnType<NotificationData, string, never>;
  /** Set when first sent, kept across retries: replies thread back to the case through it. */
  message_id: string | null;
  status: Generated<'PENDING' | 'SENT' | 'LOGGED' | 'FAILED'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_event_log_head: CaseEventLogHeadTable;
  case_reference_counters: CaseReferenceCountersTable;
  idempotency_keys: IdempotencyKeysTable;
  business_calendar_settings: BusinessCalendarSettingsTable;
  sla_policies: SlaPoliciesTable;
  password_tokens: PasswordTokensTable;
  admin_changes: AdminChangesTable;
  organization_inbound_addresses: OrganizationInboundAddressesTable;
  inbound_emails: InboundEmailsTable;
  notification_outbox: NotificationOutboxTable;
  metric_cells: MetricCellsTable;
  metric_histograms: MetricHistogramsTable;
  metric_hours: MetricHoursTable;
  metric_backlog: MetricBacklogTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type NewCaseEvent = Insertable<CaseEventsTable>;
export type BusinessCalendarSettingRow = Selectable<BusinessCalendarSettingsTable>;
export type SlaPolicyRow = Selectable<SlaPoliciesTable>;
export type AdminChangeRow = Selectable<AdminChangesTable>;
export type NotificationRow = Selectable<NotificationOutboxTable>;
