import { isAsyncIterable, mapAsyncIterator } from '@graphql-tools/utils';
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rulesKey } from '../auth/ability.js';
import type { Context } from '../graphql/context.js';
import { carryStreamPosition } from './sse-event-ids.js';

/**
 * One event wakes every screen at once. Subscribers of the same document, with
 * the same variables and identical CASL rules, would compute identical results
 * for it (everything a result shows is decided by those rules, never by who
 * asks), so each event's result is computed once per such group and the same
 * object, serialized once, goes to all of them. Subscribers with identical
 * rules already share the payload objects (one read per scope), and the
 * results live exactly as long as their payload.
 */
const resultsByPayload = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
const documentNumbers = new WeakMap<DocumentNode, number>();
let documentsSeen = 0;

function groupKey(args: ExecutionArgs): string {
  let document = documentNumbers.get(args.document);
  if (document === undefined) {
    document = documentsSeen++;
    documentNumbers.set(args.document, document);
  }
  const context = args.contextValue as Context;
  return `${document}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}|${rulesKey(context.ability)}`;
}

function resultOnce(args: ExecutionArgs, group: string, payload: unknown): Promise<ExecutionResult> {
  const run = async () => (await execute({ ...args, rootValue: payload })) as ExecutionResult;
  if (typeof payload !== 'object' || payload === null) return run();
  let results = resultsByPayload.get(payload);
  if (!results) resultsByPayload.set(payload, (results = new Map()));
  let result = results.get(group);
  if (!result) results.set(group, (result = run()));
  return result;
}

async function subscribeSharingResults(args: ExecutionArgs) {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  const group = groupKey(args);
  return mapAsyncIterator(source, async (payload) => {
    const result = await resultOnce(args, group, payload);
    carryStreamPosition(payload, result);
    return result;
  });
}

export function useSharedSubscriptionResults(): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribeSharingResults);
    },
  };
}
