/** Helpers for the HR import tests. */
import { InputError, InputErrors } from '../../src/core/errors.js';
import { type HrSnapshot, parseHrContent } from '../../src/hr/index.js';

export const HEADER =
  'employee_id,email,name,status,worker_type,hire_date,termination_date,contract_end_date,department,manager_email,previous_department,transfer_date,aliases';

export function parseCsv(text: string | Buffer, file = 'hr.csv'): HrSnapshot {
  return parseHrContent(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, file, 'csv');
}

export function parseJson(value: unknown, file = 'hr.json'): HrSnapshot {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return parseHrContent(Buffer.from(text, 'utf8'), file, 'json');
}

/** The error a call throws, which must be an input error (exit code 2). */
export function inputErrorOf(call: () => unknown): InputError | InputErrors {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError || error instanceof InputErrors) return error;
    throw error;
  }
  throw new Error('expected an input error, but nothing was thrown');
}

/** The message of the input error a call throws. */
export function messageOf(call: () => unknown): string {
  return inputErrorOf(call).message;
}

/** A minimal valid JSON record. */
export function record(employeeId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    employeeId,
    email: `${employeeId.toLowerCase()}@acme.example`,
    name: `Person ${employeeId}`,
    status: 'active',
    workerType: 'employee',
    ...overrides,
  };
}
