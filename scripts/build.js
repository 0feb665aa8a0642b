// @ts-check
/**
 * Builds what `npm start` runs, each part only when it is missing or older than its sources:
 * - the web client (clients/dist) with Vite;
 * - the server (build/server/main.js) bundled by esbuild, so a start loads one file instead of
 *   transpiling a few hundred TypeScript files;
 * - an initialized, empty PGlite cluster that a new embedded database starts from (see
 *   server/db/pglite-template.ts), instead of running initdb on every first start.
 *
 * `npm ci` runs it (the `prepare` script) and `npm start` runs it again before starting (scripts/start.js),
 * where it finds everything fresh unless sources changed since. Plain JavaScript: it must run before any
 * TypeScript is built. `node scripts/build.js` builds what is stale.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** The server bundle. It sits two folders below the root, as server/http/*.ts does: paths relative to it hold. */
export const SERVER_BUNDLE = join(root, 'build/server/main.js');
const SERVER_ENTRIES = { main: 'server/main.ts', 'pglite-template': 'server/db/pglite-template.ts' };
/** esbuild's list of the files that went into the bundle, to tell when it is stale. */
const SERVER_INPUTS = join(root, 'build/server/inputs.json');

const CLIENT_INDEX = join(root, 'clients/dist/index.html');
const CLIENT_SOURCES = [
  'clients/src',
  'clients/index.html',
  'clients/vite.config.ts',
  'clients/svelte.config.js',
  'package-lock.json',
];

/** @param {string} path */
function modifiedAt(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/**
 * @param {string} path
 * @returns {number}
 */
function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** @param {string} message */
function log(message) {
  console.log(`build: ${message}`);
}

export function clientIsStale() {
  const builtAt = modifiedAt(CLIENT_INDEX);
  return !builtAt || builtAt < Math.max(...CLIENT_SOURCES.map((source) => newestChange(join(root, source))));
}

/** Builds the web client when it is stale; without Vite (installed without dev dependencies) keeps what exists. */
export function buildClientIfStale() {
  if (!clientIsStale()) return;
  let vite;
  try {
    vite = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  } catch {
    console.warn(
      existsSync(CLIENT_INDEX)
        ? 'build: the web client may be stale: vite is not installed'
        : 'build: web client not built: vite is not installed',
    );
    return;
  }
  log('web client (vite)…');
  const build = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'clients/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('building the web client failed');
}

/** Names and contents of the migrations: what the migrated PGlite template is made of. */
function migrationsHash() {
  const hash = createHash('sha256');
  for (const name of readdirSync(join(root, 'migrations')).sort()) {
    hash
      .update(`${name}\0`)
      .update(readFileSync(join(root, 'migrations', name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export function serverIsStale() {
  const builtAt = modifiedAt(SERVER_BUNDLE);
  if (!builtAt || !existsSync(SERVER_INPUTS) || modifiedAt(import.meta.filename) > builtAt) return true;
  /** @type {string[]} */
  const inputs = JSON.parse(readFileSync(SERVER_INPUTS, 'utf8'));
  // A file added since is only part of the bundle if a file already in it now imports it, which then changed.
  return inputs.some((input) => modifiedAt(join(root, input)) > builtAt);
}

/**
 * Bundles the server with its packages into one file: Node then reads and compiles one module instead of
 * resolving and loading about a thousand (half of a start's CPU time before this).
 */
export async function buildServerIfStale() {
  if (!serverIsStale()) return;
  log('server (esbuild)…');
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: SERVER_ENTRIES,
    outdir: dirname(SERVER_BUNDLE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // PGlite finds its WebAssembly and data files next to its own modules: it stays in node_modules.
    external: ['@electric-sql/pglite'],
    // Packages written as CommonJS require Node's built-in modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // Class names as written: pino logs an error's class, and stack traces name functions.
    keepNames: true,
    sourcemap: true,
    metafile: true,
    define: { 'process.env.BUNDLED_MIGRATIONS_HASH': JSON.stringify(migrationsHash()) },
    logLevel: 'warning',
  });
  // Relative to the root; packages change with the lock file.
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  inputs.push('package-lock.json');
  await mkdir(dirname(SERVER_INPUTS), { recursive: true });
  await writeFile(SERVER_INPUTS, JSON.stringify(inputs, null, 1) + '\n');
}

/** The PGlite clusters new embedded databases start from: empty, and migrated by the bundle's migrations. */
export async function ensurePgliteTemplates() {
  /** @type {typeof import('../server/db/pglite-template.js')} */
  const templates = await import(pathToFileURL(join(dirname(SERVER_BUNDLE), 'pglite-template.js')).href);
  const paths = await templates.pgliteTemplatePaths();
  if (existsSync(paths.initdb) && (!paths.migrated || existsSync(paths.migrated))) return;
  log('embedded database templates (PGlite initdb, migrations)…');
  await templates.ensurePgliteTemplates();
}

/** Everything `npm start` needs, each part only when stale. */
export async function buildIfStale() {
  buildClientIfStale();
  await buildServerIfStale();
  await ensurePgliteTemplates();
}

if (import.meta.filename === process.argv[1]) await buildIfStale();
