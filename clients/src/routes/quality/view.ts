import { DateTime } from 'luxon';
import type { TimelineBucket } from '../../gql/graphql';

export const PRESETS = ['30d', 'quarter', 'year'] as const;
export type Preset = (typeof PRESETS)[number];

/** What the dashboard shows, as it is written in the URL (so a view can be linked, and Back goes back). */
export interface DashboardView {
  organizationId: string | null;
  preset: Preset | 'custom';
  /** Calendar days (yyyy-MM-dd), both included, in the viewer's organization's zone. */
  fromDay: string;
  toDay: string;
}

export interface Period {
  from: string;
  to: string;
  bucket: TimelineBucket;
}

const DAY = 'yyyy-MM-dd';

function presetDays(preset: Preset, zone: string | undefined): { fromDay: string; toDay: string } {
  const today = DateTime.now()
    .setZone(zone ?? 'local')
    .startOf('day');
  const from =
    preset === '30d'
      ? today.minus({ days: 29 })
      : preset === 'quarter'
        ? today.startOf('quarter')
        : today.startOf('year');
  return { fromDay: from.toFormat(DAY), toDay: today.toFormat(DAY) };
}

function validDay(value: string | null): string | null {
  return value && DateTime.fromFormat(value, DAY).isValid ? value : null;
}

/** Reads the view from the query string; anything missing or malformed falls back to the last 30 days. */
export function readView(search: string, zone: string | undefined): DashboardView {
  const params = new URLSearchParams(search);
  const organizationId = params.get('org');
  const period = params.get('period');
  const fromDay = validDay(params.get('from'));
  const toDay = validDay(params.get('to'));
  if (period === 'custom' && fromDay && toDay && fromDay <= toDay)
    return { organizationId, preset: 'custom', fromDay, toDay };
  const preset = PRESETS.find((p) => p === period) ?? '30d';
  return { organizationId, preset, ...presetDays(preset, zone) };
}

export function viewHref(view: DashboardView): string {
  const params = new URLSearchParams();
  if (view.organizationId) params.set('org', view.organizationId);
  params.set('period', view.preset);
  if (view.preset === 'custom') {
    params.set('from', view.fromDay);
    params.set('to', view.toDay);
  }
  return `/quality?${params}`;
}

export function withPreset(view: DashboardView, preset: Preset, zone: string | undefined): DashboardView {
  return { ...view, preset, ...presetDays(preset, zone) };
}

/** The API's half-open period [from, to): from the first day's midnight to the midnight after the last day. */
export function periodOf(view: DashboardView, zone: string | undefined): Period {
  const from = DateTime.fromFormat(view.fromDay, DAY, { zone: zone ?? 'local' });
  const to = DateTime.fromFormat(view.toDay, DAY, { zone: zone ?? 'local' }).plus({ days: 1 });
  const days = to.diff(from, 'days').days;
  return {
    from: from.toUTC().toISO() ?? '',
    to: to.toUTC().toISO() ?? '',
    bucket: days <= 45 ? 'DAY' : days <= 190 ? 'WEEK' : 'MONTH',
  };
}
