/**
 * Dates and numbers in the reader's language. A business date (`YYYY-MM-DD`) is a day, shown as
 * such whatever the time zone; an instant (ISO 8601) is shown in the browser's time zone.
 */

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

export function formatDate(value: string | undefined | null, locale: string): string {
  if (!value) return '—';
  if (isDay(value)) return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  return formatInstant(value, locale);
}

export function formatInstant(value: string | undefined | null, locale: string): string {
  if (!value) return '—';
  if (isDay(value)) return formatDate(value, locale);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

export function formatNumber(value: number | null | undefined, locale: string, digits = 2): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A value already in percent (the indicators: 1.53 means 1.53 %). */
export function formatPercent(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
}

/** A fraction (a response rate: 0.4 means 40 %). */
export function formatShare(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** `2026-11-25T16:02:25.705Z` → `2026-11-25T17:02:25` in the browser's zone, for `<input type="datetime-local" step="1">`. */
export function toLocalInput(instant: string): string {
  const date = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The reverse: a local date and time (seconds optional) to an ISO instant, or undefined when not valid. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
