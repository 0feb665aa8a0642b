import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** vitest global setup: the browser suites test the built client, so build it once when it is stale. */
export default function buildClient() {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const root = join(import.meta.dirname, '../..');
  const build = spawnSync(process.execPath, [tsx, 'clients/build-if-stale.ts'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the web client failed');
}
