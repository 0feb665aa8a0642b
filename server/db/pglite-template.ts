import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  /** A new, empty cluster as PGlite's initdb writes it (nothing run in it), as a tar file. */
  initdb: string;
  /** A data folder with the bundle's migrations applied; only for the bundled server. */
  migrated: string | undefined;
}

/** Named by the PGlite version (another may lay out its files differently) and the migrations in them. */
export async function pgliteTemplatePaths(): Promise<TemplatePaths> {
  const { version } = JSON.parse(await readFile(join(pglitePackageDir, 'package.json'), 'utf8')) as { version: string };
  return {
    initdb: join(templateDir, `pglite-${version}-initdb.tar`),
    migrated: BUNDLED_MIGRATIONS && join(templateDir, `pglite-${version}-migrations-${BUNDLED_MIGRATIONS}`),
  };
}

/**
 * Copies a folder's files and subfolders (about a thousand files for a cluster), all at once: a fifth of
 * the time of `fs.cp`, which checks each entry one after the other.
 */
async function copyFolder(from: string, to: string, include: (name: string) => boolean = () => true): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = (await readdir(from, { withFileTypes: true })).filter((entry) => include(entry.name));
  await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? copyFolder(join(from, entry.name), join(to, entry.name))
        : copyFile(join(from, entry.name), join(to, entry.name)),
    ),
  );
}

/**
 * Gives a new embedded database its first files instead of running initdb (several seconds of
 * WebAssembly, most of a first start). A data folder without a cluster (no PG_VERSION) becomes a copy of the
 * migrated template when this bundle's exists (a plain file copy: faster than unpacking a tarball through
 * PGlite's file system); otherwise, and for `memory://`, the result is the empty cluster for PGlite's
 * `loadDataDir`, or undefined when there is none (PGlite runs initdb). Migrations and seeds then run on
 * it as on any database: newer migrations apply on top.
 */
export async function startNewDatabase(dataDir: string): Promise<Blob | undefined> {
  const paths = await pgliteTemplatePaths();
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory && paths.migrated && existsSync(paths.migrated)) {
    // The cluster's PG_VERSION last: a copy cut short leaves a folder that the next start still takes for new.
    await copyFolder(paths.migrated, dataDir, (name) => name !== 'PG_VERSION');
    await copyFile(join(paths.migrated, 'PG_VERSION'), join(dataDir, 'PG_VERSION'));
    return undefined;
  }
  return existsSync(paths.initdb) ? new Blob([await readFile(paths.initdb)]) : undefined;
}

/** Makes the templates that are missing (run by scripts/build.js); returns the paths of those it made. */
export async function ensurePgliteTemplates(): Promise<string[]> {
  const paths = await pgliteTemplatePaths();
  const made: string[] = [];
  if (!existsSync(paths.initdb)) {
    const pglite = await PGlite.create('memory://', PGLITE_OPTIONS);
    const tarball = await pglite.dumpDataDir('none');
    await pglite.close();
    await mkdir(templateDir, { recursive: true });
    // Written aside and renamed: a process starting meanwhile reads the whole file or none.
    const partial = `${paths.initdb}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
    await rename(partial, paths.initdb);
    made.push(paths.initdb);
  }
  if (paths.migrated && !existsSync(paths.migrated)) {
    const partial = `${paths.migrated}.${process.pid}.partial`;
    await rm(partial, { recursive: true, force: true });
    const pglite = await PGlite.create(partial, {
      ...PGLITE_OPTIONS,
      loadDataDir: new Blob([await readFile(paths.initdb)]),
    });
    await migrateToLatest(new Kysely({ dialect: new PGliteDialect(pglite) }));
    await pglite.close();
    try {
      await rename(partial, paths.migrated);
    } catch (error) {
      // Another build made it meanwhile: theirs is the same.
      if (!existsSync(paths.migrated)) throw error;
      await rm(partial, { recursive: true, force: true });
    }
    made.push(paths.migrated);
    // Earlier migration states' templates are of no further use (another build's work in progress is left alone).
    const stale = (await readdir(templateDir)).filter(
      (name) =>
        name.includes('-migrations-') && !name.endsWith('.partial') && join(templateDir, name) !== paths.migrated,
    );
    await Promise.all(stale.map((name) => rm(join(templateDir, name), { recursive: true, force: true })));
  }
  return made;
}
