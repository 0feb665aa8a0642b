// @ts-check
/**
 * `npm start`: builds what is stale (scripts/build.js; after `npm ci` nothing is), then runs the bundled
 * server in this same process. A worker of `WORKERS=N` runs this file too and finds the build ready.
 */
import cluster from 'node:cluster';
import { pathToFileURL } from 'node:url';
import { SERVER_BUNDLE, buildIfStale } from './build.js';

if (cluster.isPrimary) await buildIfStale();
// Stack traces point at the TypeScript sources.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(SERVER_BUNDLE).href);
