import type { Db } from '../db/database.js';
import { ConflictError, NotFoundError } from '../graphql/errors.js';
import { logger } from '../http/logger.js';
import type { CaseEventBus } from '../realtime/event-bus.js';
import { writeCase } from './write-path.js';

const SYSTEM = { userId: null, organizationId: null };

/**
 * RESOLVED cases close by themselves once nobody has touched them for
 * `quietDays`. Each closes through the one write path; a case touched
 * meanwhile (reopened, rated, noted) is skipped, not overwritten.
 */
export async function closeQuietResolvedCases(
  deps: { db: Db; events: CaseEventBus },
  now: Date,
  quietDays: number,
): Promise<number> {
  const quietSince = new Date(now.getTime() - quietDays * 86_400_000);
  const candidates = await deps.db
    .selectFrom('cases')
    .select(['id', 'version'])
    .where('status', '=', 'RESOLVED')
    .where('updated_at', '<', quietSince)
    .orderBy('updated_at')
    .limit(500)
    .execute();
  let closed = 0;
  for (const candidate of candidates) {
    try {
      await writeCase(
        deps,
        { caseId: candidate.id },
        {
          authorize: () => SYSTEM,
          expectedVersion: candidate.version,
          decide: (row) => ({
            patch: { status: 'CLOSED', closed_at: now },
            events: [
              {
                type: 'STATUS_CHANGED',
                visibility: 'PUBLIC',
                data: { from: row.status, to: 'CLOSED', automatic: true, quietDays },
              },
            ],
          }),
        },
      );
      closed += 1;
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof ConflictError) continue;
      throw error;
    }
  }
  if (closed) logger.info({ closed, quietDays }, 'closed quiet resolved cases');
  return closed;
}
