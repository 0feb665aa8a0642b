import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { Client, fetchExchange, subscriptionExchange } from '@urql/svelte';
import { createClient as createSseClient } from 'graphql-sse';
import possibleTypes from '../gql/possible-types';
import { connection } from './connection.svelte';
import { QUALITY_EMBEDDED_TYPES } from './quality-operations';
import { session } from './session.svelte';

/** Lists are re-read from the network when anything they may contain changed. */
function invalidateCaseLists(cache: Cache) {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'cases') cache.invalidate('Query', field.fieldName, field.arguments);
  }
}

/** Types without an identity of their own live inside their parent in the cache. */
const embedded = () => null;

/** Mutation payloads and typed errors: every member of a `*Result` union and of `Error`. */
const RESULT_TYPES = [
  ...new Set(
    Object.entries(possibleTypes.possibleTypes)
      .filter(([abstract]) => abstract.endsWith('Result') || abstract === 'Error')
      .flatMap(([, members]) => members),
  ),
];

/**
 * One urql client per session: the normalized cache (Graphcache) keys every case by id, so a
 * `caseUpdated` message rewrites the case wherever it is shown; subscriptions run over SSE on /graphql.
 */
export function createHubClient(): Client {
  // The hub executes a GET (urql sends short queries as GET) only with its CSRF header.
  const headers = (): Record<string, string> => ({
    'x-graphql-csrf': '1',
    ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
  });
  const sse = createSseClient({
    url: '/graphql',
    headers,
    // Keep trying while the hub is away; every screen reads again once the connection is back.
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retry: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5000))),
    on: {
      connecting: (reconnecting) => {
        if (reconnecting) connection.lost();
      },
      connected: () => connection.restored(),
    },
  });
  return new Client({
    url: '/graphql',
    fetchOptions: () => ({ headers: headers() }),
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange({
        possibleTypes: possibleTypes.possibleTypes,
        keys: {
          CaseSla: embedded,
          Membership: embedded,
          PageInfo: embedded,
          FieldError: embedded,
          CaseConnection: embedded,
          CaseConnectionEdge: embedded,
          CaseEventsConnection: embedded,
          CaseEventsConnectionEdge: embedded,
          StaffConnection: embedded,
          StaffConnectionEdge: embedded,
          PublicCaseEvent: embedded,
          PublicCaseStatus: (status) => String(status.reference),
          LoginPayload: embedded,
          AdminChangeConnection: embedded,
          AdminChangeConnectionEdge: embedded,
          AdminChangeField: embedded,
          ...Object.fromEntries([...RESULT_TYPES, ...QUALITY_EMBEDDED_TYPES].map((type) => [type, embedded])),
        },
        updates: {
          Subscription: { caseEvents: (_result, _args, cache) => invalidateCaseLists(cache) },
          Mutation: { openCase: (_result, _args, cache) => invalidateCaseLists(cache) },
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(operation) {
          return {
            subscribe: (sink) => ({
              unsubscribe: sse.subscribe({ ...operation, query: operation.query ?? '' }, sink),
            }),
          };
        },
      }),
    ],
  });
}
