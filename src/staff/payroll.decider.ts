import type { Decider, DomainEvent } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';

/**
 * The declared payroll (masse salariale) of one year, for one agency or for the whole
 * organisation (no agency). One aggregate per (year, agency): a new declaration replaces the
 * previous one, which stays in the log.
 */
export interface PayrollDeclaration {
  year: number;
  agency?: string;
  /** Euros. */
  amount: number;
}

export type DeclarePayroll = { type: 'DeclarePayroll' } & PayrollDeclaration;
export type PayrollDeclared = DomainEvent<'PayrollDeclared', PayrollDeclaration & { previousAmount?: number }>;

/** `payroll-{year}` for the organisation, `payroll-{year}-{agency}` for an agency. */
export const payrollStream = ({ year, agency }: { year: number; agency?: string }) => `payroll-${payrollId({ year, agency })}`;
export const payrollId = ({ year, agency }: { year: number; agency?: string }) => (agency === undefined ? `${year}` : `${year}-${agency}`);

export const payrollDecider: Decider<DeclarePayroll, PayrollDeclared, { amount?: number }> = {
  initialState: () => ({}),
  evolve: (_state, event) => ({ amount: event.data.amount }),
  decide: ({ type: _type, ...declaration }, state) => {
    ensure(state.amount !== declaration.amount, 'payroll-unchanged', `The payroll of ${declaration.year} is already declared at ${state.amount}`);
    return [{ type: 'PayrollDeclared', data: { ...declaration, ...(state.amount === undefined ? {} : { previousAmount: state.amount }) } }];
  },
};
