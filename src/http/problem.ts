/** An RFC 9457 problem response body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }
}

export interface FieldError {
  path: string;
  message: string;
}

export function badInput(errors: FieldError[]): ProblemError {
  return new ProblemError({
    type: 'urn:qualirec:problem:bad-input',
    title: 'Bad input',
    status: 400,
    detail: errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '),
    errors,
  });
}
