/**
 * The baseline of the `case(reference)` benchmark: a bare node:http server
 * that does, through bare `pg`, the SQL the hub runs for that request (the
 * session behind the bearer token, the user's memberships, then the scoped
 * case read), and answers JSON. The case read is the hub's own statement,
 * compiled once at start for the benchmark's viewer (BENCH_TOKEN).
 *
 *   PORT=4100 DATABASE_URL=... BENCH_TOKEN=... tsx scripts/bench/raw-case-server.ts
 */
import { createServer } from 'node:http';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { hashToken, viewerForToken } from '../../server/auth/sessions.js';
import { viewerContext } from '../../server/auth/viewer-context.js';
import { readableCaseByReference } from '../../server/cases/case-queries.js';
import type { DB } from '../../server/db/schema.js';
import type { HubContext } from '../../server/graphql/context.js';

const databaseUrl = process.env.DATABASE_URL;
const token = process.env.BENCH_TOKEN;
if (!databaseUrl || !token) throw new Error('DATABASE_URL and BENCH_TOKEN are required');
const SENTINEL = 'BENCH-SENTINEL-REFERENCE';

const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

/** The statements the hub runs, as text with parameters, captured from its own code once. */
async function captureStatements(): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const viewer = await viewerForToken(db, token as string);
  if (!viewer) throw new Error('BENCH_TOKEN is not a live session');
  const context = { db, ...viewerContext(db, viewer) } as unknown as HubContext;
  await readableCaseByReference(context, SENTINEL);
  return captured;
}

const [sessionQuery, membershipsQuery, caseQuery] = await captureStatements();
if (!sessionQuery || !membershipsQuery || !caseQuery) throw new Error('expected three statements');
const referenceIndex = caseQuery.parameters.indexOf(SENTINEL);
const sessionParameters = [...sessionQuery.parameters];
const tokenIndex = sessionParameters.indexOf(hashToken(token));
const nowIndex = sessionParameters.findIndex((value) => value instanceof Date);

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    void (async () => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const { reference } = JSON.parse(body) as { reference: string };
      const parameters = [...sessionParameters];
      parameters[tokenIndex] = hashToken(bearer ?? '');
      parameters[nowIndex] = new Date();
      const session = await pool.query<{ id: string }>(sessionQuery.sql, parameters);
      const user = session.rows[0];
      if (!user) {
        response.writeHead(401).end();
        return;
      }
      await pool.query(membershipsQuery.sql, [user.id]);
      const caseParameters = [...caseQuery.parameters];
      caseParameters[referenceIndex] = reference.trim().toUpperCase();
      const found = await pool.query(caseQuery.sql, caseParameters);
      const json = JSON.stringify({ data: { case: found.rows[0] ?? null } });
      response.writeHead(200, { 'content-type': 'application/json' }).end(json);
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
});
server.listen(Number(process.env.PORT ?? 4100), () => console.log('raw case server ready'));
process.once('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
