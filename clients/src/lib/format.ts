import { fill, type Strings } from './strings';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A date and time in the viewer's organization's zone, naming the zone when it is not the browser's. */
export function formatDateTime(iso: string | null | undefined, locale: string, timeZone?: string): string {
  if (!iso) return '';
  const zone = timeZone ?? browserZone;
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are spelled out.
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
    ...(zone !== browserZone ? { timeZoneName: 'short' } : {}),
  }).format(new Date(iso));
}

export function formatDuration(ms: number, t: Strings): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return fill(t.time.minutes, { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return fill(t.time.hours, { h: hours, m: minutes % 60 });
  return fill(t.time.days, { d: Math.floor(hours / 24), h: hours % 24 });
}

export type SearchKind = 'phone' | 'email' | 'text';

/** What the caller gave: an e-mail, a phone number in any format, or a reference / name / subject words. */
export function searchKind(query: string): SearchKind {
  const q = query.trim();
  if (/^[^\s@]+@[^\s@]+$/.test(q)) return 'email';
  if (/^\+?[\d\s().-]{6,}$/.test(q) && (q.match(/\d/g)?.length ?? 0) >= 6) return 'phone';
  return 'text';
}
