import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Config } from '../config.js';

/** Largest request body accepted: a case description (20,000 characters) with room to spare. */
export const MAX_REQUEST_BYTES = 200_000;

/** The header a simple (non-preflighted) request must carry to be executed. */
export const CSRF_HEADER = 'x-graphql-csrf';

/**
 * Limits on what one operation may ask for, so that no single request can make
 * the server work for long: depth, aliases, tokens, directives and an overall
 * cost (GraphQL Armor); lists are capped at 100 per page by the schema itself.
 * In production the schema is not introspectable and errors suggest no field names.
 */
export function securityPlugins(config: Config) {
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: 12, ignoreIntrospection: true },
      maxAliases: { n: 15 },
      maxTokens: { n: 3000 },
      maxDirectives: { n: 30 },
      costLimit: { maxCost: 20_000, ignoreIntrospection: true },
      blockFieldSuggestion: { enabled: config.production },
    }),
    // A JSON POST is preflighted by browsers; GET and form-encoded requests must prove they are not cross-site.
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    ...(config.production ? [useDisableIntrospection()] : []),
  ];
}
