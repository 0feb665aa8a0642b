import { sql, type Expression, type SqlBool } from 'kysely';
import { accessibleBy } from '../auth/scope.js';
import type { CaseEventRow, CasePriority, CaseRow, CaseStatus, Channel } from '../db/schema.js';
import { normalizeEmail, phoneForLookup } from '../customers/customers.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ValidationError } from '../graphql/errors.js';
import { CASE_FIELDS } from './case-scope.js';
import { ACTIVE_STATUSES } from './status-machine.js';

/** Cases the viewer may read, by id (for `node` and loaders). */
export async function readableCasesByIds(context: Context, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return context.db
    .selectFrom('cases')
    .selectAll()
    .where(accessibleBy(context.ability, 'read', 'Case', CASE_FIELDS))
    .where('cases.id', 'in', ids)
    .execute();
}

export function readableCaseByReference(context: Context, reference: string): Promise<CaseRow | undefined> {
  return context.db
    .selectFrom('cases')
    .selectAll()
    .where(accessibleBy(context.ability, 'read', 'Case', CASE_FIELDS))
    .where('cases.reference', '=', reference.trim().toUpperCase())
    .executeTakeFirst();
}

export interface CaseFilter {
  status?: CaseStatus[] | null;
  priority?: CasePriority[] | null;
  channel?: Channel[] | null;
  ownerId?: string | null;
  assigneeId?: string | null;
  customerPhone?: string | null;
  customerEmail?: string | null;
  text?: string | null;
  breached?: boolean | null;
  open?: boolean | null;
  updatedSince?: Date | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
  cursorOf: (node: T) => string;
}

function encodeCursor(row: { updated_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.updated_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      !Number.isNaN(Date.parse(String(value[0]))) &&
      /^[0-9a-f-]{36}$/.test(String(value[1]))
    ) {
      return [String(value[0]), String(value[1])];
    }
  } catch {
    // fall through to the validation error
  }
  throw ValidationError.field('after', 'Not a cursor of this list');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The `cases` list: scope first (the viewer's CASL rules in SQL), then the
 * filters, then keyset pagination on (updated_at, id), newest activity first.
 * `totalCount` counts the same scoped, filtered set.
 */
export async function listCases(
  context: Context,
  filter: CaseFilter,
  page: { first: number; after?: string | null | undefined },
  defaultRegion: string | null,
): Promise<Page<CaseRow>> {
  const scoped = context.db
    .selectFrom('cases')
    .where(accessibleBy(context.ability, 'read', 'Case', CASE_FIELDS))
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [];
      if (filter.status?.length) conditions.push(eb('cases.status', 'in', filter.status));
      if (filter.priority?.length) conditions.push(eb('cases.priority', 'in', filter.priority));
      if (filter.channel?.length) conditions.push(eb('cases.channel', 'in', filter.channel));
      if (filter.open === true) conditions.push(eb('cases.status', 'in', ACTIVE_STATUSES));
      if (filter.open === false) conditions.push(eb('cases.status', 'not in', ACTIVE_STATUSES));
      if (filter.ownerId) {
        conditions.push(
          eb(
            'cases.owner_organization_id',
            'in',
            eb
              .selectFrom('organizations')
              .select('organizations.id')
              .where('organizations.path', '@>', sql<string[]>`array[${filter.ownerId}]::uuid[]`),
          ),
        );
      }
      if (filter.assigneeId) conditions.push(eb('cases.assignee_id', '=', filter.assigneeId));
      if (filter.customerPhone) {
        const phone = phoneForLookup(filter.customerPhone, defaultRegion);
        conditions.push(
          phone
            ? eb(
                'cases.customer_id',
                'in',
                eb.selectFrom('customers').select('customers.id').where('customers.phone', '=', phone),
              )
            : sql<SqlBool>`false`,
        );
      }
      if (filter.customerEmail) {
        const email = normalizeEmail(filter.customerEmail, ['filter', 'customerEmail']);
        conditions.push(
          eb(
            'cases.customer_id',
            'in',
            eb.selectFrom('customers').select('customers.id').where('customers.email', '=', email),
          ),
        );
      }
      const text = filter.text?.trim();
      if (text) {
        const pattern = `%${escapeLike(text)}%`;
        conditions.push(
          eb.or([
            eb('cases.reference', '=', text.toUpperCase()),
            eb('cases.subject', 'ilike', pattern),
            eb(
              'cases.customer_id',
              'in',
              eb.selectFrom('customers').select('customers.id').where('customers.name', 'ilike', pattern),
            ),
          ]),
        );
      }
      if (filter.breached != null) {
        // A breach is what the SLA scheduler recorded (once, through the write path) from the case's clock.
        const breached = sql<SqlBool>`exists (select 1 from case_events breach where breach.case_id = cases.id
          and breach.type = 'SLA_BREACHED' and breach.data->>'target' in ('FIRST_RESPONSE', 'RESOLUTION'))`;
        conditions.push(filter.breached ? breached : sql<SqlBool>`not ${breached}`);
      }
      if (filter.updatedSince) conditions.push(eb('cases.updated_at', '>=', filter.updatedSince));
      return eb.and(conditions);
    });

  let pageQuery = scoped.selectAll('cases');
  if (page.after) {
    const [updatedAt, id] = decodeCursor(page.after);
    pageQuery = pageQuery.where(sql<SqlBool>`(cases.updated_at, cases.id) < (${updatedAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await pageQuery
    .orderBy('cases.updated_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(page.first + 1)
    .execute();
  return {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    totalCount: async () => {
      const { count } = await scoped.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(count);
    },
    cursorOf: encodeCursor,
  };
}

/** A visible case's history, oldest first, with `id` as the cursor. */
export async function caseEventsPage(
  context: Context,
  caseId: string,
  page: { first: number; after?: string | null | undefined },
): Promise<{ nodes: CaseEventRow[]; hasNextPage: boolean }> {
  const after = page.after ? Number(Buffer.from(page.after, 'base64url').toString()) : 0;
  if (!Number.isSafeInteger(after) || after < 0) throw ValidationError.field('after', 'Not a cursor of this list');
  const rows = await context.db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '>', after)
    .orderBy('id')
    .limit(page.first + 1)
    .execute();
  return { nodes: rows.slice(0, page.first), hasNextPage: rows.length > page.first };
}

export function eventCursor(event: CaseEventRow): string {
  return Buffer.from(String(event.id)).toString('base64url');
}

/** Each event's case as read in the same scope and moment, so that `CaseEvent.case` needs no query of its own. */
const caseReadWithEvent = new WeakMap<CaseEventRow, CaseRow>();
export function caseReadWith(event: CaseEventRow): CaseRow | undefined {
  return caseReadWithEvent.get(event);
}

/**
 * The viewer's events after `after` up to `upTo`, in log (commit) order, with
 * their cases: a subscriber's replay and live stream alike. With
 * `organizationId`, only cases in that organization's sight.
 */
export async function readableEventsAfter(
  context: Context,
  range: { after: number; upTo: number; organizationId: string | null; limit: number },
): Promise<CaseEventRow[]> {
  const events = await context.db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .selectAll('case_events')
    .where(accessibleBy(context.ability, 'read', 'Case', CASE_FIELDS))
    .$if(range.organizationId !== null, (qb) =>
      qb.where('cases.visible_to', '@>', sql<string[]>`array[${range.organizationId}]::uuid[]`),
    )
    .where('case_events.id', '>', range.after)
    .where('case_events.id', '<=', range.upTo)
    .orderBy('case_events.id')
    .limit(range.limit)
    .execute();
  const cases = new Map(
    (await readableCasesByIds(context, [...new Set(events.map((event) => event.case_id))])).map((row) => [row.id, row]),
  );
  for (const event of events) {
    const row = cases.get(event.case_id);
    if (row) caseReadWithEvent.set(event, row);
  }
  return events;
}

/** Events by id whose case the viewer may read. */
export async function readableEventsByIds(context: Context, ids: readonly number[]): Promise<CaseEventRow[]> {
  if (ids.length === 0) return [];
  return context.db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .selectAll('case_events')
    .where(accessibleBy(context.ability, 'read', 'Case', CASE_FIELDS))
    .where('case_events.id', 'in', ids)
    .execute();
}
