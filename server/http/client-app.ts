import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Plugin } from 'graphql-yoga';
import { Hono } from 'hono';

/** Where `npm run build` puts the web client. */
export const BUILT_CLIENT_DIR = resolve(import.meta.dirname, '../../clients/dist');

/** Paths the API answers; the client never shadows them. */
const API_PATH = /^\/(graphql|health)(\/|$)/;

/**
 * Serves the built web client at `/` (Hono's static file handler: path traversal, MIME types, ranges):
 * hashed files under /assets/ are cached for good, index.html is revalidated on every load so a new
 * build shows at once, and any other page path (e.g. /cases/ES-2026-000001) gets index.html for the
 * client to route. Without a build, nothing is served and the API works as before.
 */
export function clientAppRoutes(clientDir: string = BUILT_CLIENT_DIR): Plugin {
  const indexFile = join(clientDir, 'index.html');
  if (!existsSync(indexFile)) return {};
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status === 200) {
      c.res.headers.set(
        'Cache-Control',
        c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    }
  });
  app.use('*', serveStatic({ root: clientDir }));
  // A page path has no file extension; a missing file (/assets/old.js) stays a 404.
  const serveIndex = serveStatic({ path: indexFile });
  app.use('*', async (c, next) => (/\.[^/]*$/.test(c.req.path) ? c.notFound() : serveIndex(c, next)));
  return {
    async onRequest({ request, url, endResponse }) {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || API_PATH.test(url.pathname)) return;
      endResponse(await app.fetch(request));
    },
  };
}
