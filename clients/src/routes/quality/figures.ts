import { fill, type Strings } from '../../lib/strings';

/** A share 0..1 as a percentage; null (nothing measured) as a dash. */
export function formatShare(value: number | null, locale: string, t: Strings): string {
  if (value === null) return t.common.none;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export function formatAverage(value: number | null, locale: string, t: Strings): string {
  if (value === null) return t.common.none;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** Business minutes in hours and minutes (never days: a business day is not 24 hours). */
export function formatBusinessMinutes(value: number | null, t: Strings): string {
  if (value === null) return t.common.none;
  const minutes = Math.round(value);
  if (minutes < 60) return fill(t.time.minutes, { n: minutes });
  return fill(t.time.hours, { h: Math.floor(minutes / 60), m: minutes % 60 });
}
