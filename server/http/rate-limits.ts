import { GraphQLError } from 'graphql';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
  type IRateLimiterOptions,
} from 'rate-limiter-flexible';

/**
 * Limits on what anonymous or not-yet-signed-in clients can try. On PostgreSQL
 * they are kept in the `rate_limits` table, so every process counts the same
 * attempts; on embedded PGlite (one process) in memory.
 */
export interface RateLimits {
  /** Customer status page and public mutations, per client address. */
  publicLookupsPerClient: RateLimiterAbstract;
  /** Wrong access codes per case reference: guessing a code is hopeless. */
  wrongCodesPerReference: RateLimiterAbstract;
  /** Sign-in attempts per client address. */
  loginsPerClient: RateLimiterAbstract;
  /** Failed sign-ins per account: password guessing stops, the owner can retry later. */
  failedLoginsPerAccount: RateLimiterAbstract;
}

export interface RateLimitSettings {
  publicLookupsPerClientPerMinute: number;
  wrongAccessCodesPerReference: number;
  loginsPerClientPerMinute: number;
  failedLoginsPerAccount: number;
}

export function createRateLimits(settings: RateLimitSettings, pool?: pg.Pool): RateLimits {
  const limiter = (options: IRateLimiterOptions & { keyPrefix: string }): RateLimiterAbstract =>
    pool
      ? new RateLimiterPostgres({ ...options, storeClient: pool, tableName: 'rate_limits', tableCreated: true })
      : new RateLimiterMemory(options);
  return {
    publicLookupsPerClient: limiter({
      keyPrefix: 'public-client',
      points: settings.publicLookupsPerClientPerMinute,
      duration: 60,
    }),
    wrongCodesPerReference: limiter({
      keyPrefix: 'public-reference',
      points: settings.wrongAccessCodesPerReference,
      duration: 15 * 60,
    }),
    loginsPerClient: limiter({ keyPrefix: 'login-client', points: settings.loginsPerClientPerMinute, duration: 60 }),
    failedLoginsPerAccount: limiter({
      keyPrefix: 'login-account',
      points: settings.failedLoginsPerAccount,
      duration: 15 * 60,
    }),
  };
}

/** The answer to a client over its limit: when to retry, in the error and as `Retry-After`. */
export function rateLimited(res: RateLimiterRes): GraphQLError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new GraphQLError(`Too many attempts; try again in ${retryAfterSeconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}

/** Counts one attempt; throws `rateLimited` once the limit is spent. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(error);
    throw error;
  }
}

/** Counts one attempt without refusing this one (the next is refused by `refuseIfSpent`). */
export async function countAttempt(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.consume(key).catch((error: unknown) => {
    if (!(error instanceof RateLimiterRes)) throw error;
  });
}

/** Throws `rateLimited` when the key has no attempts left, without counting one. */
export async function refuseIfSpent(limiter: RateLimiterAbstract, key: string): Promise<void> {
  const state = await limiter.get(key);
  if (state && state.remainingPoints <= 0) throw rateLimited(state);
}
