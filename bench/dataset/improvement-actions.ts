import type { ActionOrigin } from '../../src/complaints/action.events.js';
import { newAggregateId } from '../../src/shared/ids.js';
import type { Agenda } from './agenda.js';
import { DAY, dateOf, instantOf, officeHours } from './calendar.js';
import type { Random } from './random.js';
import { ACTION_DESCRIPTIONS } from './vocabulary.js';
import { ACTORS, type World } from './world.js';

/**
 * An improvement action (action corrective ou préventive) opened now for a complaint, a meeting or
 * a survey, due in one to four months. Four in five are completed (most on time, some late, one
 * in seven found not effective); the others stay open, overdue once past their due date. `agency`
 * is the one the application gives it (from its origin), for the meetings that discuss it; `done`
 * runs after the completion is recorded.
 */
export async function openAction(w: World, r: Random, agenda: Agenda, origin: ActionOrigin, agency: string | undefined, done?: () => void): Promise<void> {
  const openedAt = dateOf(w.sim.now);
  const ctx = w.context(r, ACTORS.qualityTool, openedAt);
  const actionId = newAggregateId(undefined, ctx.commandId, 'action');
  const dueDays = r.int(30, 120);
  await w.handlers.action(
    {
      type: 'OpenAction',
      kind: r.chance(0.7) ? 'corrective' : 'preventive',
      description: r.pick(ACTION_DESCRIPTIONS),
      owner: r.pick(['RS', 'RQ', 'Direction']),
      dueDate: dateOf(w.sim.now + dueDays * DAY),
      origin,
      actionId,
      openedAt,
    },
    ctx,
  );
  if (agency) w.actionOpened(agency, actionId);
  if (!r.chance(0.8)) return;
  agenda.at(officeHours(r, w.sim.now + r.int(7, dueDays + 30) * DAY), async () => {
    const at = instantOf(w.sim.now);
    const through = origin.type === 'complaint' ? { complaintId: origin.id } : {};
    await w.handlers.action({ type: 'CompleteAction', actionId, at, effective: r.chance(0.85), ...through }, w.context(r, ACTORS.qualityTool, at));
    done?.();
  });
}
