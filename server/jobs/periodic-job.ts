import { logger } from '../http/logger.js';

export interface PeriodicJob {
  /** Runs a pass now, then every `intervalMs`; never two passes at once in this process. */
  start(intervalMs: number): void;
  /** Stops ticking and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * A background pass repeated on a timer. A pass still running when the next
 * tick comes is not doubled, and a failed pass is logged without stopping the
 * ones after it: the next tick is the retry.
 */
export function periodicJob(name: string, pass: () => Promise<unknown>): PeriodicJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const runOnce = () => {
    if (running) return;
    running = pass()
      .catch((err: unknown) => logger.error({ err, job: name }, `${name} failed`))
      .finally(() => (running = null));
  };
  return {
    start(intervalMs) {
      runOnce();
      timer = setInterval(runOnce, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
