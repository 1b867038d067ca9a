import { addWorkingDays } from '../../src/shared/dates.js';
import type { Random } from './random.js';

/**
 * The simulated period. It is fixed, not "the last five years": the same seed must give the same
 * business data whatever the day it is generated. It ends before the day this was written
 * (2026-11-25), so nothing is recorded in the future; what is still pending at its end (drafts not
 * validated, changes not acknowledged, complaints not answered) is what `/alerts` shows today.
 */
export const START = Date.UTC(2022, 0, 3);
export const END = Date.UTC(2026, 9, 31);
export const YEARS = [2022, 2023, 2024, 2025, 2026];

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `YYYY-MM-DD` of an instant (UTC, as the application's dates are), formatted once per day: it is asked for on every command. */
export function dateOf(ms: number): string {
  const day = Math.floor(ms / DAY);
  let date = DATES.get(day);
  if (date === undefined) DATES.set(day, (date = new Date(day * DAY).toISOString().slice(0, 10)));
  return date;
}
const DATES = new Map<number, string>();
export const instantOf = (ms: number): string => new Date(ms).toISOString();
export const msOf = (date: string): number => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
export const dayStart = (ms: number): number => ms - (((ms % DAY) + DAY) % DAY);
export const yearOfMs = (ms: number): number => new Date(ms).getUTCFullYear();
export const yearStart = (year: number): number => Date.UTC(year, 0, 1);

/** A moment of the office day (08:00–18:00) of the day `ms` falls in, moved off the weekend. */
export function officeHours(r: Random, ms: number): number {
  let day = dayStart(ms);
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day += 2 * DAY;
  if (weekday === 0) day += DAY;
  return day + 8 * HOUR + r.int(0, 599) * MINUTE + r.int(0, 59) * 1000;
}

/** Office hours `days` working days after `ms`. */
export const workingDaysAfter = (r: Random, ms: number, days: number): number => officeHours(r, msOf(addWorkingDays(dateOf(ms), days)));

/** A random moment between two instants. */
export const sometimeBetween = (r: Random, from: number, to: number): number => Math.floor(r.between(from, Math.max(from, to)));
