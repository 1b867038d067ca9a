import { dayOf } from '../http/schemas.js';
import type { Decider } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';
import type { ActionCompleted, ActionEvent, ActionOpened } from './action.events.js';

export type OpenAction = { type: 'OpenAction' } & ActionOpened['data'];
export type CompleteAction = { type: 'CompleteAction' } & ActionCompleted['data'];
export type ActionCommand = OpenAction | CompleteAction;

export interface ActionState {
  status: 'none' | 'open' | 'completed';
  openedOn?: string;
}

export const actionDecider: Decider<ActionCommand, ActionEvent, ActionState> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) =>
    event.type === 'ActionOpened' ? { status: 'open', openedOn: dayOf(event.data.openedAt) } : { ...state, status: 'completed' },
  decide: (command, state) => {
    if (command.type === 'OpenAction') {
      ensure(state.status === 'none', 'action-opened-once', 'An action with this id is already open');
      ensure(command.dueDate >= dayOf(command.openedAt), 'action-due-not-before-opening', `Due on ${command.dueDate}, before it was opened on ${dayOf(command.openedAt)}`);
      const { type: _type, ...data } = command;
      return [{ type: 'ActionOpened', data }];
    }
    ensure(state.status !== 'none', 'action-must-exist', 'No action has been opened under this id');
    ensure(state.status === 'open', 'action-completed-once', 'The action is already completed');
    ensure(dayOf(command.at) >= state.openedOn!, 'action-completion-not-before-opening', `The action was opened on ${state.openedOn}`);
    return [{ type: 'ActionCompleted', data: { actionId: command.actionId, at: command.at, effective: command.effective } }];
  },
};
