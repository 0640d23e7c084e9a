import { expect } from 'vitest';

/** One field-level problem of a refused request (`path` names the field, as the API documents). */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * For tests: the issues of an answer that must be a 400 INVALID_INPUT (the failure shows the
 * body of any other answer).
 */
export async function invalidInputIssues(response: Response): Promise<InputIssue[]> {
  const body = (await response.json()) as { code?: string; issues?: InputIssue[] };
  expect(response.status, JSON.stringify(body)).toBe(400);
  expect(body.code, JSON.stringify(body)).toBe('INVALID_INPUT');
  return body.issues!;
}
