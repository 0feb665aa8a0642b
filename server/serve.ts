import { createServer } from 'node:http';
import { closeQuietResolvedCases } from './cases/auto-close.js';
import { createOutboxWorker } from './channels/outbox-worker.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createHub } from './http/app.js';
import { logger } from './http/logger.js';
import { periodicJob } from './jobs/periodic-job.js';
import { createCaseEventBus, type CaseEventBus } from './realtime/event-bus.js';
import { createSlaScheduler } from './sla/scheduler.js';
import { seedDemoCases } from '../seeds/demo-cases.js';
import { ensureInitialAdmin, seedDemoNetwork } from '../seeds/demo.js';

/** Migrations, then the demo network (or the first administrator in production). */
export async function prepareDatabase(database: Database, config: Config, events: CaseEventBus): Promise<void> {
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  if (config.seedDemo) {
    await seedDemoNetwork(database.db);
    await seedDemoCases(database.db, config, events);
  } else await ensureInitialAdmin(database.db, config);
}

/**
 * One hub process: the HTTP listener, the real-time bus and the background
 * jobs. With `prepare`, it migrates and seeds first (a single process); a
 * worker of a cluster finds the database prepared by its primary.
 */
export async function serve(config: Config, options: { prepare: boolean }): Promise<void> {
  const startedAt = performance.now();
  const database = await openDatabase(config);
  let ready = false;

  const events = createCaseEventBus(database.db, { listenUrl: config.databaseUrl });
  const hub = createHub({ db: database.db, config, events, pool: database.pool, isMigrated: () => ready });
  // The listener comes up first so /health/live answers while migrations run.
  const server = createServer(hub);
  server.listen(config.port, () => logger.info({ port: config.port, engine: database.engine }, 'listening'));

  if (options.prepare) await prepareDatabase(database, config, events);
  await events.start();
  ready = true;

  // Resolved cases left quiet close by themselves; checked every ten minutes.
  const autoClose = periodicJob('closing quiet resolved cases', () =>
    closeQuietResolvedCases({ db: database.db, events }, new Date(), config.autoCloseAfterDays),
  );
  autoClose.start(10 * 60_000);
  // SLA warnings, breaches and automatic escalations, checked every minute; on PostgreSQL
  // an advisory lock lets one process at a time run the pass.
  const slaScheduler = createSlaScheduler({ db: database.db, events, engine: database.engine });
  slaScheduler.start(60_000);
  // Customer e-mails waiting in the outbox, sent every five seconds; processes share the work.
  const outboxWorker = createOutboxWorker({ db: database.db, config });
  outboxWorker.start(5_000);
  logger.info(
    { url: `http://localhost:${config.port}/graphql`, ms: Math.round(performance.now() - startedAt) },
    'ready',
  );

  async function shutdown(signal: string) {
    logger.info({ signal }, 'shutting down');
    await autoClose.stop();
    await slaScheduler.stop();
    await outboxWorker.stop();
    server.close();
    server.closeAllConnections();
    await events.close();
    await database.close();
    process.exit(0);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
