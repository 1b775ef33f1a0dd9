/**
 * Logto's test utilities (packages/integration-tests/src/utils.ts and helpers/index.ts) that the
 * organization tests use, on our client.
 */
import { randomBytes } from 'node:crypto';

import { expect } from 'vitest';

import { HttpError } from './client.js';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Lowercase alphanumerics, like `generateStandardId(size)` of @logto/shared. */
export function randomId(size: number): string {
  return Array.from(randomBytes(size), (byte) => alphabet[byte % alphabet.length]).join('');
}

export const randomString = () => randomId(10);

/** A name no other test uses. */
export const generateTestName = () => `test_${randomString()}`;

export const generateEmail = () => `${randomString()}@example.com`;

/** The ported tests' `expectErrorResponse`: an `HttpError` of this status whose body has this code. */
export function expectErrorResponse(error: unknown, status: number, code: string): void {
  expect(error, 'the request should have failed').toBeInstanceOf(HttpError);
  if (!(error instanceof HttpError)) return;
  expect(error.status, error.response.text).toBe(status);
  expect(error.body).toMatchObject({ code });
}

/** Logto's `expectRejects`: the promise rejects with an API error of this status and code. */
export async function expectRejects(
  promise: Promise<unknown>,
  expected: { code: string; status: number },
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expectErrorResponse(error, expected.status, expected.code);
}
