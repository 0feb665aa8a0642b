import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sql } from 'kysely';
import type pg from 'pg';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import { exportRoutes } from '../analytics/export-routes.js';
import { createSessionCache, type SessionCache } from '../auth/session-cache.js';
import type { Viewer } from '../auth/sessions.js';
import { viewerContext } from '../auth/viewer-context.js';
import { inboundEmailRoute } from '../channels/inbound-route.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { HubContext } from '../graphql/context.js';
import { ValidationError } from '../graphql/errors.js';
import { schema } from '../graphql/schema.js';
import type { CaseEventBus } from '../realtime/event-bus.js';
import { useSharedSubscriptionResults } from '../realtime/shared-results.js';
import { useSseEventIds } from '../realtime/sse-event-ids.js';
import { clientAppRoutes } from './client-app.js';
import { logger } from './logger.js';
import { createRateLimits } from './rate-limits.js';
import { MAX_REQUEST_BYTES, securityPlugins } from './security.js';

export interface HubOptions {
  db: Db;
  config: Config;
  events: CaseEventBus;
  /** PostgreSQL's pool: rate limits are then shared by every process. */
  pool?: pg.Pool | undefined;
  /** Whether migrations have run; /health/ready answers 503 until then. */
  isMigrated: () => boolean;
  /** The built web client served at `/` (default clients/dist; nothing is served when it is not built). */
  clientDir?: string;
}

function healthRoutes(options: HubOptions): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === '/health/live') {
        // The process id tells which API process answered when several share the port.
        endResponse(Response.json({ status: 'live', pid: process.pid }));
      } else if (url.pathname === '/health/ready') {
        let ready = options.isMigrated();
        if (ready) {
          ready = await sql`select 1`.execute(options.db).then(
            () => true,
            () => false,
          );
        }
        endResponse(Response.json({ status: ready ? 'ready' : 'starting' }, { status: ready ? 200 : 503 }));
      }
    },
  };
}

async function viewerOf(sessions: SessionCache, request: Request): Promise<Viewer | null> {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ? sessions.viewerFor(match[1]) : null;
}

/** The caller's address: the socket's, or the proxy's X-Forwarded-For when configured to trust it. */
function clientKeyOf(request: Request, serverContext: Record<string, unknown>, trustProxy: boolean): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (trustProxy && forwarded) return forwarded;
  const req = serverContext.req as IncomingMessage | undefined;
  return req?.socket.remoteAddress ?? 'local';
}

/** The whole HTTP app as a fetch handler: tests call `hub.fetch` without a port. */
export function createHub(options: HubOptions) {
  const { db, config, events } = options;
  const rateLimits = createRateLimits(config, options.pool);
  const sessions = createSessionCache(db, events, { ttlMs: config.sessionCacheMs });
  return createYoga<Record<string, unknown>, HubContext>({
    schema,
    logging: logger.child({ component: 'yoga' }),
    graphiql: !config.production,
    landingPage: false,
    plugins: [
      healthRoutes(options),
      inboundEmailRoute(options),
      exportRoutes(db),
      clientAppRoutes(options.clientDir),
      ...securityPlugins(config),
      useSharedSubscriptionResults(),
      useSseEventIds(),
    ],
    maxRequestBodySize: MAX_REQUEST_BYTES,
    maskedErrors: {
      // Unexpected errors are logged with a request id, and only the id reaches the client.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        // Input refused outside a typed mutation result (e.g. the customer's page).
        if (original instanceof ValidationError) {
          return new GraphQLError(original.message, {
            extensions: { code: 'VALIDATION_FAILED', fieldErrors: original.fieldErrors },
          });
        }
        const masked = maskError(error, message, isDev);
        if (masked === error || !(masked instanceof GraphQLError)) return masked;
        const requestId = randomUUID();
        logger.error({ err: error, requestId }, 'unexpected error');
        return new GraphQLError(`${masked.message} (request ${requestId})`, {
          nodes: masked.nodes,
          path: masked.path,
          extensions: { ...masked.extensions, requestId },
        });
      },
    },
    context: async ({ request, ...serverContext }) => {
      return {
        db,
        config,
        events,
        ...viewerContext(db, await viewerOf(sessions, request)),
        rateLimits,
        clientKey: clientKeyOf(request, serverContext, config.trustProxy),
      };
    },
  });
}

export type Hub = ReturnType<typeof createHub>;
