export interface Config {
  port: number;
  /** API processes on the port (node:cluster); more than one needs PostgreSQL. */
  workers: number;
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
  production: boolean;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  sessionTtlHours: number;
  /** How long an invitation's set-password token works. */
  invitationTtlHours: number;
  /** Trust X-Forwarded-For for the client's address (behind a proxy you run). */
  trustProxy: boolean;
  publicLookupsPerClientPerMinute: number;
  wrongAccessCodesPerReference: number;
  loginsPerClientPerMinute: number;
  failedLoginsPerAccount: number;
  /** RESOLVED cases untouched this long close by themselves. */
  autoCloseAfterDays: number;
}

/** Reads the environment once; every knob the README documents lives here. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    port: Number(env.PORT ?? 4000),
    workers: Number(env.WORKERS ?? 1),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? '.data/',
    // A production database never gets users with known passwords by accident.
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === '1' : !production,
    production,
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    invitationTtlHours: Number(env.INVITATION_TTL_HOURS ?? 72),
    trustProxy: env.TRUST_PROXY === '1',
    publicLookupsPerClientPerMinute: Number(env.PUBLIC_LOOKUPS_PER_MINUTE ?? 60),
    wrongAccessCodesPerReference: Number(env.WRONG_ACCESS_CODES_PER_REFERENCE ?? 10),
    loginsPerClientPerMinute: Number(env.LOGINS_PER_MINUTE ?? 20),
    failedLoginsPerAccount: Number(env.FAILED_LOGINS_PER_ACCOUNT ?? 10),
    autoCloseAfterDays: Number(env.AUTO_CLOSE_AFTER_DAYS ?? 7),
  };
}
