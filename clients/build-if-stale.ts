// `npm start` runs this first: the web client is built when clients/dist is missing or older than its sources,
// so a fresh clone serves the app after only `npm ci && npm start`. Nothing built is committed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const builtIndex = join(root, 'clients/dist/index.html');
const sources = [
  'clients/src',
  'clients/index.html',
  'clients/vite.config.ts',
  'clients/svelte.config.js',
  'package-lock.json',
];

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesChangedAt = Math.max(...sources.map((source) => newestChange(join(root, source))));

if (builtAt >= sourcesChangedAt) process.exit(0);
let vite: string;
try {
  vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
} catch {
  // Installed without dev dependencies: serve whatever build exists (or only the API).
  console.warn(
    builtAt ? 'web client may be stale: vite is not installed' : 'web client not built: vite is not installed',
  );
  process.exit(0);
}
console.log('building the web client…');
const build = spawnSync(process.execPath, [vite, 'build', '--config', 'clients/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(build.status ?? 1);
