import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { migrateToLatest } from './migrate.js';

/** The PGlite options of every embedded database; templates are made with the same ones. */
export const PGLITE_OPTIONS = { extensions: { pg_trgm } };

/**
 * A hash of the migrations compiled into the server bundle, set by scripts/build.js (esbuild `define`);
 * unset when the server runs from its sources (tests, tsx).
 */
const BUNDLED_MIGRATIONS = process.env.BUNDLED_MIGRATIONS_HASH;

// Resolved from the installed package (its dist/ folder), so the bundled server and the sources find the same files.
const pglitePackageDir = dirname(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')));
/** In node_modules' cache folder: gone with the next `npm ci`, like the PGlite they were made by. */
const templateDir = join(pglitePackageDir, '../../.cache/network-case-hub');

export interface TemplatePaths {
  /** A new, empty cluster as PGlite's initdb writes it (nothing run in it). */
  initdb: string;
  /** The same with the bundle's migrations applied; only for the bundled server. */
  migrated: string | undefined;
}

/** Named by the PGlite version (another may lay out its files differently) and the migrations in them. */
export async function pgliteTemplatePaths(): Promise<TemplatePaths> {
  const { version } = JSON.parse(await readFile(join(pglitePackageDir, 'package.json'), 'utf8')) as { version: string };
  return {
    initdb: join(templateDir, `pglite-${version}-initdb.tar`),
    migrated: BUNDLED_MIGRATIONS && join(templateDir, `pglite-${version}-migrations-${BUNDLED_MIGRATIONS}.tar`),
  };
}

/**
 * The files a new embedded database starts from instead of running initdb (several seconds of
 * WebAssembly, most of a first start): the migrated template when this bundle's exists, else the empty
 * cluster, else nothing. Migrations and seeds run on it as on any database (newer migrations apply on top).
 */
export async function readPgliteTemplate(): Promise<Blob | undefined> {
  const paths = await pgliteTemplatePaths();
  for (const path of [paths.migrated, paths.initdb]) {
    if (path && existsSync(path)) return new Blob([await readFile(path)]);
  }
  return undefined;
}

/** Written aside and renamed: a process starting meanwhile reads the whole file or none. */
async function writeTemplate(path: string, pglite: PGlite): Promise<void> {
  const tarball = await pglite.dumpDataDir('none');
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
  await rename(partial, path);
}

/** Makes the templates that are missing (run by scripts/build.js); returns the paths of those it made. */
export async function ensurePgliteTemplates(): Promise<string[]> {
  const paths = await pgliteTemplatePaths();
  const made: string[] = [];
  if (!existsSync(paths.initdb)) {
    const pglite = await PGlite.create('memory://', PGLITE_OPTIONS);
    await writeTemplate(paths.initdb, pglite);
    await pglite.close();
    made.push(paths.initdb);
  }
  if (paths.migrated && !existsSync(paths.migrated)) {
    const pglite = await PGlite.create('memory://', {
      ...PGLITE_OPTIONS,
      loadDataDir: new Blob([await readFile(paths.initdb)]),
    });
    await migrateToLatest(new Kysely({ dialect: new PGliteDialect(pglite) }));
    await writeTemplate(paths.migrated, pglite);
    await pglite.close();
    made.push(paths.migrated);
    // Earlier migration states' templates are of no further use.
    const stale = (await readdir(templateDir)).filter(
      (name) => name.includes('-migrations-') && join(templateDir, name) !== paths.migrated,
    );
    await Promise.all(stale.map((name) => rm(join(templateDir, name), { force: true })));
  }
  return made;
}
