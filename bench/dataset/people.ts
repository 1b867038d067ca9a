import type { ScheduleSlot } from '../../src/contracts/contract.events.js';
import { dateOf, sometimeBetween } from './calendar.js';
import type { Random } from './random.js';
import { AGENCIES, ELDERLY_SERVICES, FAMILY_SERVICES, FIRST_NAMES, LAST_NAMES, STREETS } from './vocabulary.js';

/** A made-up person: every personal value of the dataset comes from here. */
export const fullName = (r: Random): string => `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;

export function address(r: Random, agency: string): string {
  const { postcode, town } = AGENCIES.find((a) => a.code === agency)!;
  return `${r.int(1, 180)} ${r.pick(STREETS)}, ${postcode} ${town}`;
}

/** An elderly client was born between 1926 and 1956; a family's contact (a parent) between 1975 and 1998. */
export const birthDate = (r: Random, family: boolean): string =>
  family ? dateOf(sometimeBetween(r, Date.UTC(1975, 0, 1), Date.UTC(1998, 11, 31))) : dateOf(sometimeBetween(r, Date.UTC(1926, 0, 1), Date.UTC(1956, 11, 31)));

/** What a contract is for. */
export const service = (r: Random, family: boolean): string => r.pick(family ? FAMILY_SERVICES : ELDERLY_SERVICES);

const WEEKDAYS: ScheduleSlot['day'][] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** One to three weekly slots: after school for families, from 08:00 to 19:00 for elderly people. */
export function schedule(r: Random, family: boolean): ScheduleSlot[] {
  const days = new Set<ScheduleSlot['day']>();
  const count = r.int(1, 3);
  while (days.size < count) days.add(r.pick(family ? WEEKDAYS.slice(0, 5) : WEEKDAYS));
  return [...days].map((day) => {
    const start = family ? 16 * 60 + 30 : (8 + r.int(0, 8)) * 60 + r.pick([0, 30]);
    const end = start + (family ? 120 : 60 * r.int(1, 3));
    return { day, start: time(start), end: time(end) };
  });
}
