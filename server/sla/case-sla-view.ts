import DataLoader from 'dataloader';
import type { Db } from '../db/database.js';
import type { CaseRow } from '../db/schema.js';
import { slaStateOf, type CaseSlaState } from '../cases/sla-state.js';
import { loadCaseClocks } from './case-clock.js';
import type { SlaClock } from './clock.js';

/** What `Case.sla` resolves to: the contract's summary and the clock behind it. */
export interface CaseSlaView {
  state: CaseSlaState;
  clock: SlaClock;
}

// One loader per request, so a page of cases computes its clocks in one batch at the same `now`. A
// subscription keeps its context for hours: its loader is renewed once `now` is a second old.
const FRESH_MS = 1000;
const loaders = new WeakMap<object, { now: number; loader: DataLoader<CaseRow, CaseSlaView, string> }>();

function loaderFor(context: { db: Db }) {
  const cached = loaders.get(context);
  if (cached && Date.now() - cached.now < FRESH_MS) return cached.loader;
  const now = new Date();
  const loader = new DataLoader<CaseRow, CaseSlaView, string>(
    async (rows) => {
      const clocks = await loadCaseClocks(context.db, [...rows], now);
      return rows.map((row) => {
        const loaded = clocks.get(row.id);
        if (!loaded) return new Error(`No clock for case ${row.id}`);
        return { state: slaStateOf(row, loaded.clock), clock: loaded.clock };
      });
    },
    { cacheKeyFn: (row) => `${row.id}:${row.version}` },
  );
  loaders.set(context, { now: now.getTime(), loader });
  return loader;
}

export function caseSlaView(context: { db: Db }, row: CaseRow): Promise<CaseSlaView> {
  return loaderFor(context).load(row);
}
