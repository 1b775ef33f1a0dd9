import { expect } from 'vitest';
import type { z } from 'zod';

import type { ReadResponse } from './http.js';
import { errorBodySchema, guardErrorDataSchema, type ErrorBody } from './schemas.js';

const describeResponse = (response: ReadResponse) =>
  `HTTP ${response.status} ${response.text.length > 600 ? `${response.text.slice(0, 600)}…` : response.text}`;

/** Parses `value` with `schema`, failing the test with every issue and the value itself. */
export function parseAs<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`Unexpected body shape:\n${issues.join('\n')}\nin ${JSON.stringify(value)}`);
  }
  return result.data;
}

/** Asserts the status (showing the body when it differs) and a JSON content type. */
export function expectJson(response: ReadResponse, status: number): void {
  expect(response.status, describeResponse(response)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
}

/** Asserts the status and a JSON body of the given shape; returns the parsed body. */
export function expectBody<Schema extends z.ZodType>(
  response: ReadResponse,
  status: number,
  schema: Schema,
): z.infer<Schema> {
  expectJson(response, status);
  return parseAs(schema, response.body);
}

/** Asserts a 204 with no body (and so no JSON content type). */
export function expectNoContent(response: ReadResponse): void {
  expect(response.status, describeResponse(response)).toBe(204);
  expect(response.text).toBe('');
}

/**
 * Asserts Logto's RequestError body: the status, `code`, and the field order `code, data?, details?,
 * message` (sample 39). Returns the body for further checks.
 */
export function expectError(response: ReadResponse, status: number, code: string): ErrorBody {
  expectJson(response, status);
  const body = parseAs(errorBodySchema, response.body);
  expect(body.code).toBe(code);
  const order = ['code', 'data', 'details', 'message'];
  expect(Object.keys(body)).toEqual(order.filter((key) => key in body));
  return body;
}

/** A 400 `guard.invalid_input` whose zod issues include one at `path` with the given zod issue code. */
export function expectGuardError(
  response: ReadResponse,
  expected: {
    target: 'body' | 'query' | 'params';
    path: Array<string | number>;
    issueCode: string;
  },
): void {
  const body = expectError(response, 400, 'guard.invalid_input');
  expect(body.message).toBe(`The request ${expected.target} is invalid.`);
  const data = parseAs(guardErrorDataSchema, body.data);
  expect(data.issues).toContainEqual(
    expect.objectContaining({ path: expected.path, code: expected.issueCode }),
  );
  expect(body.details).toContain(
    `Error in key path "${expected.path.join('.')}": (${expected.issueCode})`,
  );
}

/** Asserts the exact field names and their order, as Logto serialises them. */
export function expectKeyOrder(value: unknown, keys: readonly string[]): void {
  expect(typeof value === 'object' && value !== null ? Object.keys(value) : value).toEqual([
    ...keys,
  ]);
}

/** `Link` relations in the order the server sent them: [rel, url][]. */
export function parseLinkHeader(response: ReadResponse): Array<[string, string]> {
  const header = response.headers.get('link');
  if (!header) return [];
  return header.split(/,\s*(?=<)/).map((part) => {
    const match = /^<([^>]*)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (!match?.[1] || !match[2]) throw new Error(`Malformed Link header part: ${part}`);
    return [match[2], match[1]];
  });
}

/** Asserts `Total-Number` and the exact `Link` relations (order and URLs). */
export function expectPagination(
  response: ReadResponse,
  expected: { total: number; links: Array<[string, string]> },
): void {
  expect(response.headers.get('total-number')).toBe(String(expected.total));
  expect(parseLinkHeader(response)).toEqual(expected.links);
}

/** Asserts the absence of pagination headers (unpaginated lists, or optional pagination left off). */
export function expectNoPagination(response: ReadResponse): void {
  expect(response.headers.get('total-number')).toBeNull();
  expect(response.headers.get('link')).toBeNull();
}

/** Copies and sorts by id: for lists whose order Logto leaves to the database (no ORDER BY). */
export function sortedById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
