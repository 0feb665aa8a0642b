import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { NotificationRow } from '../db/schema.js';
import { periodicJob, type PeriodicJob } from '../jobs/periodic-job.js';
import { logger } from '../http/logger.js';
import { renderNotification } from './templates.js';

/**
 * Sends the outbox. A pass claims due notifications by pushing their next
 * attempt a lease ahead (SKIP LOCKED, so processes never claim the same one),
 * sends each, then marks it SENT. A process that dies after claiming leaves the
 * row to be claimed again when the lease ends: delivery is at least once, and a
 * repeat carries the same Message-ID, which mail systems use to drop duplicates.
 * A refused attempt is retried with exponential back-off; a permanent refusal
 * (5xx) or too many attempts marks it FAILED.
 *
 * Time is a parameter: `runOutboxPass(deps, now)` is what tests call.
 */

const BATCH = 20;
const LEASE_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;
export const MAX_ATTEMPTS = 10;

export interface OutboxDeps {
  db: Db;
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>;
  /** Reused across passes; made from SMTP_URL when absent. */
  transport?: Transporter | null;
}

/** Wait before attempt n + 1 after n failed ones: 30 s, 1 min, 2 min... at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

function mailDomain(mailFrom: string): string {
  return /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'hub.localhost';
}

async function claimDue(db: Db, now: Date, domain: string): Promise<NotificationRow[]> {
  const leaseEnd = new Date(now.getTime() + LEASE_MS);
  const { rows } = await sql<NotificationRow>`
    update notification_outbox
       set attempts = attempts + 1,
           next_attempt_at = ${leaseEnd},
           message_id = coalesce(message_id, '<' || (data->>'reference') || '.' || id || '@' || ${domain} || '>')
     where id in (select id from notification_outbox
                   where status = 'PENDING' and next_attempt_at <= ${now}
                   order by next_attempt_at, id
                   limit ${BATCH}
                   for update skip locked)
    returning *`.execute(db);
  return rows;
}

function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500;
}

export async function runOutboxPass(
  deps: OutboxDeps,
  now = new Date(),
): Promise<{ sent: number; logged: number; failed: number }> {
  const claimed = await claimDue(deps.db, now, mailDomain(deps.config.mailFrom));
  const transport = deps.transport ?? (deps.config.smtpUrl ? nodemailer.createTransport(deps.config.smtpUrl) : null);
  const outcome = { sent: 0, logged: 0, failed: 0 };
  for (const row of claimed) {
    const mail = renderNotification(row.kind, row.language, row.data, deps.config.publicUrl);
    // A claim is this attempt's: once its lease ends another pass may hold the row, and this one must not undo that.
    const ours = deps.db
      .updateTable('notification_outbox')
      .where('id', '=', row.id)
      .where('attempts', '=', row.attempts)
      .where('status', '=', 'PENDING');
    if (!transport) {
      logger.info({ to: row.recipient, subject: mail.subject, text: mail.text }, 'mail is disabled (no SMTP_URL)');
      await ours.set({ status: 'LOGGED' }).execute();
      outcome.logged += 1;
      continue;
    }
    try {
      await transport.sendMail({
        from: deps.config.mailFrom,
        to: row.recipient,
        subject: mail.subject,
        text: mail.text,
        messageId: row.message_id ?? undefined,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Case-Reference': row.data.reference },
      });
      await ours.set({ status: 'SENT', sent_at: now, last_error: null }).execute();
      outcome.sent += 1;
    } catch (error) {
      const giveUp = isPermanent(error) || row.attempts >= MAX_ATTEMPTS;
      logger.warn(
        { err: error, notification: row.id, attempts: row.attempts, giveUp },
        'sending a notification failed',
      );
      await ours
        .set({
          status: giveUp ? 'FAILED' : 'PENDING',
          next_attempt_at: new Date(now.getTime() + retryDelayMs(row.attempts)),
          last_error: String((error as Error).message ?? error).slice(0, 1000),
        })
        .execute();
      outcome.failed += 1;
    }
  }
  return outcome;
}

export function createOutboxWorker(deps: Omit<OutboxDeps, 'transport'>): PeriodicJob {
  const transport = deps.config.smtpUrl ? nodemailer.createTransport(deps.config.smtpUrl) : null;
  if (!transport) logger.warn('SMTP_URL is not set: customer notifications are written to the log, not sent');
  const job = periodicJob('outbox pass', async () => {
    const outcome = await runOutboxPass({ ...deps, transport });
    if (outcome.sent || outcome.failed) logger.info(outcome, 'outbox pass');
  });
  return {
    start: job.start,
    async stop() {
      await job.stop();
      transport?.close();
    },
  };
}
