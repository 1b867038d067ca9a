/**
 * What a client wants, over time: a second follow-up visit in the year, and whether they are a
 * dependent person (birthday card). Registration gives the first values; each
 * `ClientPreferencesChanged` overrides the fields it names from its `effectiveFrom` on. Changes
 * are recorded in the order of their `effectiveFrom` (the decider refuses one dated before the
 * previous one), so the timeline is the list in log order.
 */
export interface Preferences {
  wantsSecondVisit: boolean;
  dependent: boolean;
}

export interface PreferenceChange extends Partial<Preferences> {
  effectiveFrom: string;
}

export interface PreferenceTimeline {
  initial: Preferences;
  changes: PreferenceChange[];
}

/** The preferences in effect on `date` (`YYYY-MM-DD`): every change effective on or before it, in order. */
export function preferencesOn({ initial, changes }: PreferenceTimeline, date: string): Preferences {
  let current = initial;
  for (const { effectiveFrom, ...fields } of changes) {
    if (effectiveFrom > date) break;
    current = { ...current, ...definedOnly(fields) };
  }
  return current;
}

/** The latest recorded wish, whatever its effective date: what the client file shows. */
export const latestPreferences = (timeline: PreferenceTimeline): Preferences => preferencesOn(timeline, '9999-12-31');

const definedOnly = (fields: Partial<Preferences>): Partial<Preferences> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
