import { buildIfStale } from '../../scripts/build.js';

/**
 * vitest global setup: what `npm start` runs, built when stale: the web client (the browser suites drive
 * it), the server bundle (tests/foundation/start.test.ts starts it) and the empty PGlite cluster every
 * in-memory test database starts from.
 */
export default async function build() {
  await buildIfStale();
}
