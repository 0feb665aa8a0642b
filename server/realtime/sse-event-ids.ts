import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Server-Sent Events with an `id:` line on each case event, so that a browser's
 * EventSource (or any client) reconnects with `Last-Event-ID` and resumes
 * exactly after the last event it received. graphql-yoga's own SSE writer has
 * no ids; this one follows it otherwise (a ping comment at once and every 12 s,
 * `next` events, then `complete`).
 */

const PING_EVERY_MS = 12_000;

const payloadPositions = new WeakMap<object, number>();
const resultPositions = new WeakMap<object, string>();
const serialized = new WeakMap<ExecutionResult, string>();

/** Called by a subscription as it sends a case event: the results computed from that payload carry its id. */
export function markStreamPosition(payload: object, eventId: number): void {
  payloadPositions.set(payload, eventId);
}

/** Called as a payload's result is computed (see shared-results.ts). */
export function carryStreamPosition(payload: unknown, result: object): void {
  const eventId = typeof payload === 'object' && payload !== null ? payloadPositions.get(payload) : undefined;
  if (eventId !== undefined) resultPositions.set(result, encodeGlobalID('CaseEvent', eventId));
}

export function useSseEventIds(): Plugin {
  return {
    onResultProcess({ request, result, setResultProcessor }) {
      const accepts = request.headers.get('accept') ?? '';
      if (Symbol.asyncIterator in Object(result) && accepts.includes('text/event-stream'))
        setResultProcessor((results) => sseResponse(results as AsyncIterable<ExecutionResult>), 'text/event-stream');
    },
  };
}

/** What reaches the client: no internal `http` extensions. A result shared by many subscribers is serialized once. */
function serialize(result: ExecutionResult): string {
  let text = serialized.get(result);
  if (text === undefined) serialized.set(result, (text = serializeResult(result)));
  return text;
}

function serializeResult(result: ExecutionResult): string {
  const { extensions, errors, ...rest } = result;
  const { http: _http, ...publicExtensions } = (extensions ?? {}) as Record<string, unknown>;
  return JSON.stringify({
    ...rest,
    ...(errors?.length
      ? {
          errors: errors.map((error) => {
            const { http: _errorHttp, ...errorExtensions } = (error.extensions ?? {}) as Record<string, unknown>;
            return { ...error.toJSON(), extensions: Object.keys(errorExtensions).length ? errorExtensions : undefined };
          }),
        }
      : {}),
    ...(Object.keys(publicExtensions).length ? { extensions: publicExtensions } : {}),
  });
}

function sseResponse(results: AsyncIterable<ExecutionResult>): Response {
  const encoder = new TextEncoder();
  const iterator = results[Symbol.asyncIterator]();
  let ping: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Some browsers wait for a first byte before they report the stream open.
      controller.enqueue(encoder.encode(':\n\n'));
      ping = setInterval(() => {
        if (controller.desiredSize === null) clearInterval(ping);
        else if (controller.desiredSize > 0) controller.enqueue(encoder.encode(':\n\n'));
      }, PING_EVERY_MS);
    },
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (value != null) {
          const id = resultPositions.get(value);
          controller.enqueue(encoder.encode(`${id ? `id: ${id}\n` : ''}event: next\ndata: ${serialize(value)}\n\n`));
        }
        if (done) {
          controller.enqueue(encoder.encode('event: complete\ndata:\n\n'));
          clearInterval(ping);
          controller.close();
        }
      } catch (error) {
        clearInterval(ping);
        controller.error(error);
      }
    },
    async cancel() {
      clearInterval(ping);
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream',
      connection: 'keep-alive',
      'cache-control': 'no-cache',
      'content-encoding': 'none',
    },
  });
}
