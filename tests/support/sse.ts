/** A GraphQL-over-SSE subscription as a client sees it: its messages, with their SSE ids. */
export interface SseMessage {
  id: string | null;
  data: Record<string, unknown>;
}

export interface Subscription {
  /** The next message within `ms`, or null when none arrived. */
  next(ms: number): Promise<SseMessage | null>;
  /** Resolves true once the server completed the stream (or it closed), false if `ms` passed first. */
  ended(ms: number): Promise<boolean>;
  close(): void;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Opens a subscription with `fetch` (the hub's own, or the global one against a real server). */
export async function subscribe(
  fetch: Fetch,
  url: string,
  options: { token: string; query: string; variables?: Record<string, unknown>; lastEventId?: string },
): Promise<Subscription> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${options.token}`,
      ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
    },
    body: JSON.stringify({ query: options.query, variables: options.variables ?? {} }),
    signal: abort.signal,
  });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error(`no event stream (${response.status})`);
  const messages: SseMessage[] = [];
  let closed = false;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((check) => check());
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            lines
              .find((line) => line.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim() ?? null;
          const data = field('data');
          if (field('event') === 'next' && data) {
            messages.push({ id: field('id'), data: JSON.parse(data) as Record<string, unknown> });
          } else if (field('event') === 'complete') closed = true;
          wake();
        }
      }
    } catch {
      // aborted by close()
    }
    closed = true;
    wake();
  })();
  const until = (ready: () => boolean, ms: number) =>
    new Promise<void>((resolve) => {
      if (ready()) return resolve();
      const check = () => {
        if (!ready()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        resolve();
      }, ms);
      waiters.add(check);
    });
  return {
    async next(ms) {
      await until(() => messages.length > 0 || closed, ms);
      return messages.shift() ?? null;
    },
    async ended(ms) {
      await until(() => closed, ms);
      return closed;
    },
    close: () => abort.abort(),
  };
}
