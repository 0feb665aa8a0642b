import { EventEmitter } from 'node:events';

/** What travels between processes: ids only; subscribers read the rest, scoped. */
export interface CaseEventNotice {
  eventId: number;
  caseId: string;
}

/**
 * Carries committed case events to subscribers. The write path calls `publish`
 * only after its transaction committed, so a rolled-back change is never seen.
 */
export interface CaseEventBus {
  publish(notices: CaseEventNotice[]): void;
  subscribe(listener: (notice: CaseEventNotice) => void): () => void;
}

export function createInProcessEventBus(): CaseEventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(notices) {
      for (const notice of notices) emitter.emit('event', notice);
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
  };
}
