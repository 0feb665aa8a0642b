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

// One loader per request, so a page of cases computes its clocks in one batch, all at the same `now`.
const loaders = new WeakMap<object, DataLoader<CaseRow, CaseSlaView, string>>();

export function caseSlaView(context: { db: Db }, row: CaseRow): Promise<CaseSlaView> {
  let loader = loaders.get(context);
  if (!loader) {
    const now = new Date();
    loader = new DataLoader<CaseRow, CaseSlaView, string>(
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
    loaders.set(context, loader);
  }
  return loader.load(row);
}
