import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { WriteDeps } from '../cases/write-path.js';
import type { Config } from '../config.js';
import { logger } from '../http/logger.js';
import { InboundEmailError, parsePostmarkEmail, parseRawEmail, receiveEmail } from './inbound-email.js';

export const INBOUND_EMAIL_PATH = '/inbound/email';

/** The shared secret, as `Authorization: Bearer <secret>` or as the password of Basic auth (what webhook URLs carry). */
function presentedSecret(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  if (!basic) return null;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

function sameSecret(expected: string, presented: string | null): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return presented !== null && timingSafeEqual(digest(expected), digest(presented));
}

/** The body, refused as soon as it grows past the limit (a lying Content-Length does not help). */
async function readLimited(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  }
  if (size === 0) throw new InboundEmailError(400, 'Malformed message: empty body');
  return Buffer.concat(chunks);
}

const tooLarge = (maxBytes: number) =>
  new InboundEmailError(413, `Message too large: at most ${maxBytes} bytes (INBOUND_EMAIL_MAX_BYTES)`);

async function parseRequest(request: Request, maxBytes: number) {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const body = await readLimited(request, maxBytes);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new InboundEmailError(400, 'Malformed webhook payload: not JSON');
    }
    return parsePostmarkEmail(json);
  }
  if (type === 'message/rfc822' || type === 'text/plain' || type === 'application/octet-stream') {
    return parseRawEmail(await readLimited(request, maxBytes));
  }
  throw new InboundEmailError(
    415,
    'Send a raw message as message/rfc822, or Postmark’s inbound JSON as application/json',
  );
}

/**
 * `POST /inbound/email`: a mail provider hands over one received message.
 * 200 with what happened (also for a redelivery); 4xx with the reason when it
 * is refused, and then nothing is stored.
 */
export function inboundEmailRoute(deps: WriteDeps & { config: Config }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== INBOUND_EMAIL_PATH) return;
      const secret = deps.config.inboundEmailSecret;
      const fail = (status: number, error: string) => endResponse(Response.json({ error }, { status }));
      if (request.method !== 'POST') return fail(405, 'Use POST');
      if (!secret) return fail(503, 'Inbound e-mail is off: set INBOUND_EMAIL_SECRET');
      if (!sameSecret(secret, presentedSecret(request))) return fail(401, 'Wrong or missing inbound e-mail secret');
      try {
        const email = await parseRequest(request, deps.config.inboundEmailMaxBytes);
        const result = await receiveEmail(deps, email);
        endResponse(Response.json(result));
      } catch (error) {
        if (error instanceof InboundEmailError) return fail(error.status, error.message);
        logger.error({ err: error }, 'inbound e-mail failed');
        fail(500, 'Could not take the message in; retry later');
      }
    },
  };
}
