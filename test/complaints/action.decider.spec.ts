import { actionDecider, type OpenAction } from '../../src/complaints/action.decider.js';
import type { ActionEvent } from '../../src/complaints/action.events.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(actionDecider);
const open: OpenAction = {
  type: 'OpenAction',
  actionId: 'a-1',
  kind: 'preventive',
  description: 'Add a theme on reception to the newsletter',
  owner: 'rq-anne',
  dueDate: '2026-06-30',
  origin: { type: 'survey', id: 's-2026-lyon', theme: 'reception' },
  openedAt: '2026-05-02',
};
const { type: _t, ...data } = open;
const opened: ActionEvent = { type: 'ActionOpened', data };
const completed: ActionEvent = { type: 'ActionCompleted', data: { actionId: 'a-1', at: '2026-06-12', effective: false } };

describe('Improvement action decider (action corrective / préventive)', () => {
  it('opens an action, whatever its origin', () => spec.given([]).when(open).then([opened]));

  it('opens an action once', () => spec.given([opened]).when(open).thenRefusedBy('action-opened-once'));

  it('is not due before it is opened', () => spec.given([]).when({ ...open, dueDate: '2026-05-01' }).thenRefusedBy('action-due-not-before-opening'));

  it('completes an action, with whether it proved effective', () =>
    spec.given([opened]).when({ type: 'CompleteAction', ...completed.data }).then([completed]));

  it('completes an action once', () =>
    spec.given([opened, completed]).when({ type: 'CompleteAction', ...completed.data }).thenRefusedBy('action-completed-once'));

  it('does not complete an action never opened', () =>
    spec.given([]).when({ type: 'CompleteAction', ...completed.data }).thenRefusedBy('action-must-exist'));

  it('is not completed before it was opened', () =>
    spec.given([opened]).when({ type: 'CompleteAction', actionId: 'a-1', at: '2026-05-01T23:00:00Z', effective: true }).thenRefusedBy('action-completion-not-before-opening'));
});
