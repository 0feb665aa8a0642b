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
  /** How long a process may reuse a session it has read (0: read it on every request); endings apply at once. */
  sessionCacheMs: number;
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
  /** Shared secret a mail provider presents on POST /inbound/email; unset: the endpoint is off. */
  inboundEmailSecret: string | undefined;
  /** Largest inbound message accepted, raw or as webhook JSON. */
  inboundEmailMaxBytes: number;
  /** smtp://user:pass@host:port (or smtps://); unset: notifications are written to the log, not sent. */
  smtpUrl: string | undefined;
  /** Sender of customer notifications. */
  mailFrom: string;
  /** Where customers reach the hub; status-page links in notifications start here. */
  publicUrl: string;
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
    sessionCacheMs: Number(env.SESSION_CACHE_MS ?? 5_000),
    invitationTtlHours: Number(env.INVITATION_TTL_HOURS ?? 72),
    trustProxy: env.TRUST_PROXY === '1',
    publicLookupsPerClientPerMinute: Number(env.PUBLIC_LOOKUPS_PER_MINUTE ?? 60),
    wrongAccessCodesPerReference: Number(env.WRONG_ACCESS_CODES_PER_REFERENCE ?? 10),
    loginsPerClientPerMinute: Number(env.LOGINS_PER_MINUTE ?? 20),
    failedLoginsPerAccount: Number(env.FAILED_LOGINS_PER_ACCOUNT ?? 10),
    autoCloseAfterDays: Number(env.AUTO_CLOSE_AFTER_DAYS ?? 7),
    inboundEmailSecret: env.INBOUND_EMAIL_SECRET || undefined,
    inboundEmailMaxBytes: Number(env.INBOUND_EMAIL_MAX_BYTES ?? 10_000_000),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Case hub <no-reply@hub.localhost>',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 4000}`).replace(/\/+$/, ''),
  };
}
