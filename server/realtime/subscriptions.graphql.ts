import { Repeater } from 'graphql-yoga';
import { z } from 'zod';
import { CaseEventRef, CaseRef } from '../cases/case.graphql.js';
import { readableCaseByReference, readableCasesByIds, readableEventsByIds } from '../cases/case-queries.js';
import type { CaseEventRow, CaseRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { decodeIdOrNull } from '../graphql/ids.js';
import type { CaseEventBus, CaseEventNotice } from './event-bus.js';

/** Committed events as they arrive on this process, until the subscriber leaves. */
function notices(bus: CaseEventBus): Repeater<CaseEventNotice> {
  return new Repeater<CaseEventNotice>(async (push, stop) => {
    const unsubscribe = bus.subscribe((notice) => void push(notice));
    await stop;
    unsubscribe();
  });
}

/**
 * Each event is re-read with the subscriber's own ability before it is sent,
 * so a case that moves out of their sight stops flowing to them.
 */
async function* caseUpdates(context: Context, reference: string): AsyncGenerator<CaseRow> {
  const stream = notices(context.events);
  const initial = await readableCaseByReference(context, reference);
  // A reference the viewer may not see yields nothing, exactly like an unknown one.
  if (!initial) {
    await stream.return();
    return;
  }
  for await (const notice of stream) {
    if (notice.caseId !== initial.id) continue;
    const [row] = await readableCasesByIds(context, [notice.caseId]);
    if (row) yield row;
  }
}

async function* caseEventStream(context: Context, organizationId: string | null): AsyncGenerator<CaseEventRow> {
  for await (const notice of notices(context.events)) {
    const [event] = await readableEventsByIds(context, [notice.eventId]);
    if (!event) continue;
    if (organizationId) {
      const [row] = await readableCasesByIds(context, [event.case_id]);
      if (!row?.visible_to.includes(organizationId)) continue;
    }
    yield event;
  }
}

builder.subscriptionType({
  fields: (t) => ({
    caseUpdated: t.field({
      type: CaseRef,
      description:
        'The case after each change from now on, as the viewer may see it. A reference the viewer may not see yields nothing.',
      authScopes: { loggedIn: true },
      args: { reference: t.arg.string({ validate: z.string().max(64) }) },
      subscribe: (_root, args, context) => caseUpdates(context, args.reference),
      resolve: (row) => row,
    }),
    caseEvents: t.field({
      type: CaseEventRef,
      description: 'Every new event on cases the viewer may see (in that organization’s subtree, when given).',
      authScopes: { loggedIn: true },
      args: { organizationId: t.arg.id({ required: false }) },
      subscribe: (_root, args, context) =>
        caseEventStream(
          context,
          args.organizationId
            ? (decodeIdOrNull(String(args.organizationId), 'Organization') ?? '00000000-0000-0000-0000-000000000000')
            : null,
        ),
      resolve: (event) => event,
    }),
  }),
});
