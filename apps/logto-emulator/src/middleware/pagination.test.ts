import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';

let emulator: TestEmulator;
let organizationIds: string[];

beforeAll(async () => {
  emulator = await startTestEmulator();
  organizationIds = [];
  for (const name of ['Page one', 'Page two', 'Page three']) {
    const response = await emulator.api('/api/organizations', { method: 'POST', json: { name } });
    organizationIds.push(((await response.json()) as { id: string }).id);
  }
  organizationIds.sort();
  for (const name of ['page:a', 'page:b']) {
    await emulator.api('/api/organization-scopes', { method: 'POST', json: { name } });
  }
});

afterAll(async () => {
  await emulator.close();
});

const links = (response: Response) => response.headers.get('link')?.split(', ') ?? [];
const ids = async (response: Response) =>
  ((await response.json()) as Array<{ id: string }>).map(({ id }) => id);

// Logto's koa-pagination and buildLink (CONTRACT.md 0.4), beyond what samples/04-07 and 54 show.
describe('koaPagination', () => {
  it('builds Link queries with URLSearchParams, as Logto does: form encoding, repeated keys joined', async () => {
    const response = await emulator.api(
      `/api/organizations?note=a%20b*c~!&tag=x&tag=y&q=page&page_size=5`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('total-number')).toBe('3');
    const query = 'note=a+b*c%7E%21&tag=x%2Cy&q=page&page_size=5&page=1';
    expect(links(response)).toEqual([
      `<${emulator.url}/organizations?${query}>; rel="first"`,
      `<${emulator.url}/organizations?${query}>; rel="last"`,
    ]);
  });

  it('links past the last page with prev = page - 1 and no next', async () => {
    const response = await emulator.api('/api/organizations?page=7&page_size=2');
    expect(await ids(response)).toEqual([]);
    expect(response.headers.get('total-number')).toBe('3');
    expect(links(response)).toEqual([
      `<${emulator.url}/organizations?page=1&page_size=2>; rel="first"`,
      `<${emulator.url}/organizations?page=6&page_size=2>; rel="prev"`,
      `<${emulator.url}/organizations?page=2&page_size=2>; rel="last"`,
    ]);
  });

  it('treats empty page and page_size as absent, and keeps them in the links', async () => {
    const response = await emulator.api('/api/organizations?page=&page_size=');
    expect(await ids(response)).toEqual(organizationIds);
    expect(links(response)).toEqual([
      `<${emulator.url}/organizations?page=1&page_size=>; rel="first"`,
      `<${emulator.url}/organizations?page=1&page_size=>; rel="last"`,
    ]);

    // On an optionally paginated list, empty values turn pagination off as absent ones do.
    const scopes = await emulator.api('/api/organization-scopes?page=&page_size=');
    expect(scopes.status).toBe(200);
    expect(scopes.headers.get('total-number')).toBeNull();
    expect(scopes.headers.get('link')).toBeNull();
    const paged = await emulator.api('/api/organization-scopes?page=&page_size=1');
    expect(paged.headers.get('total-number')).toBe('2');
  });

  it('reads the values as JavaScript numbers, as Logto’s Number() + zod positive() do', async () => {
    const response = await emulator.api('/api/organizations?page=2e0&page_size=1.0');
    expect(await ids(response)).toEqual([organizationIds[1]]);
    expect(links(response)).toEqual([
      `<${emulator.url}/organizations?page=1&page_size=1.0>; rel="first"`,
      `<${emulator.url}/organizations?page=1&page_size=1.0>; rel="prev"`,
      `<${emulator.url}/organizations?page=3&page_size=1.0>; rel="last"`,
      `<${emulator.url}/organizations?page=3&page_size=1.0>; rel="next"`,
    ]);

    // page 1.5 of size 2 is offset 1; the links name the page that offset falls in.
    const fractional = await emulator.api('/api/organizations?page=1.5&page_size=2');
    expect(await ids(fractional)).toEqual(organizationIds.slice(1));
    expect(links(fractional)).toEqual([
      `<${emulator.url}/organizations?page=1&page_size=2>; rel="first"`,
      `<${emulator.url}/organizations?page=2&page_size=2>; rel="last"`,
      `<${emulator.url}/organizations?page=2&page_size=2>; rel="next"`,
    ]);
  });

  it('answers a limit or offset Postgres cannot take with a bare 500, as Logto’s SQL fails', async () => {
    for (const query of ['page=1&page_size=1.5', 'page=1.1&page_size=3', 'page=0.5&page_size=2']) {
      const response = await emulator.api(`/api/organizations?${query}`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal server error.' });
    }
  });

  it.each([
    'page=0',
    'page=-1',
    'page=abc',
    'page=1&page=2',
    'page_size=0',
    'page_size=101',
    'page_size=x',
  ])('answers 400 guard.invalid_pagination for %s', async (query) => {
    const response = await emulator.api(`/api/organizations?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'guard.invalid_pagination',
      message: 'The request pagination value is invalid.',
    });
  });

  it('accepts page_size 100', async () => {
    const response = await emulator.api('/api/organizations?page_size=100');
    expect(await ids(response)).toEqual(organizationIds);
  });
});
