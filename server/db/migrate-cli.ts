import { loadConfig } from '../config.js';
import { logger } from '../http/logger.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const database = await openDatabase(config);
try {
  const applied = await migrateToLatest(database.db);
  logger.info(
    { engine: database.engine, applied },
    applied.length ? 'migrations applied' : 'schema already up to date',
  );
} finally {
  await database.close();
}
