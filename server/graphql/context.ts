import type { YogaInitialContext } from 'graphql-yoga';
import type { AppAbility } from '../auth/ability.js';
import type { Viewer } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { CaseEventBus } from '../realtime/event-bus.js';
import type { Loaders } from './loaders.js';
import type { RateLimits } from '../http/rate-limits.js';

/** Everything a request needs, built once per request. */
export interface HubContext {
  db: Db;
  config: Config;
  viewer: Viewer | null;
  ability: AppAbility;
  events: CaseEventBus;
  clientKey: string;
  loaders: Loaders;
  rateLimits: RateLimits;
}

export type Context = HubContext & YogaInitialContext;
