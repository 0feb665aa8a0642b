import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DEMO_PASSWORD } from '../../seeds/demo.js';

/** A real hub process (`server/main.ts`), as `npm start` runs it, on its own port. */
export interface ServerProcess {
  url: string;
  port: number;
  pid: number | undefined;
  /** Everything it logged (warnings and errors), for a failing test's message. */
  output(): string;
  /** SIGKILL: a crash, no goodbye to anyone. */
  kill(): Promise<void>;
  /** SIGTERM: a clean stop. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The server from its sources (as tsx runs them); `['scripts/start.js']` is what `npm start` runs: the build. */
export const FROM_SOURCES = ['--import', 'tsx', 'server/main.ts'];

export async function startServerProcess(
  databaseUrl: string,
  port?: number,
  env: Record<string, string> = {},
  entry: string[] = FROM_SOURCES,
): Promise<ServerProcess> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, entry, {
    env: { ...process.env, PORT: String(chosen), DATABASE_URL: databaseUrl, SEED_DEMO: '1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub process exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hub process not ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url,
    port: chosen,
    pid: child.pid,
    output: () => output,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

/** One GraphQL request to a server process; throws with the errors when no data came back. */
export async function gqlAt<T>(
  server: ServerProcess,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Signs a demo user in on a server process and returns the bearer token. */
export async function loginAt(server: ServerProcess, email: string): Promise<string> {
  const data = await gqlAt<{ login: { token: string } }>(
    server,
    'mutation ($input: LoginInput!) { login(input: $input) { ... on LoginPayload { token } } }',
    { input: { email, password: DEMO_PASSWORD } },
  );
  return data.login.token;
}
