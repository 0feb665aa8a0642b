import cluster from 'node:cluster';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { logger } from './http/logger.js';
import { createCaseEventBus } from './realtime/event-bus.js';
import { prepareDatabase, serve } from './serve.js';

const config = loadConfig();

if (config.workers <= 1) {
  await serve(config, { prepare: true });
} else if (cluster.isPrimary) {
  // Several API processes on one port (node:cluster), sharing one PostgreSQL; events reach
  // every process through LISTEN/NOTIFY. Embedded PGlite lives in one process only.
  if (!config.databaseUrl) {
    logger.fatal('WORKERS > 1 needs DATABASE_URL: the embedded database serves one process');
    process.exit(1);
  }
  const database = await openDatabase(config);
  await prepareDatabase(database, config, createCaseEventBus(database.db));
  await database.close();
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'API process died; starting another');
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (!left) process.exit(0);
    for (const worker of workers) {
      worker?.once('exit', () => --left === 0 && process.exit(0));
      worker?.process.kill(signal);
    }
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  logger.info({ workers: config.workers, port: config.port }, 'started API processes');
} else {
  await serve(config, { prepare: false });
}
