/**
 * The decider pattern (as in Emmett): an aggregate is three plain functions. `decide` turns a
 * command into events or throws a domain error; `evolve` folds one event into the state;
 * `initialState` is the state of a stream with no events.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
