import { inject } from 'vitest';
import { z } from 'zod';

import type { ConformanceTarget } from '../target.js';

export const target: ConformanceTarget = inject('conformanceTarget');

/** A response read to the end: status, headers and the body (parsed when it is JSON). */
export type ReadResponse = {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or `undefined` when the body is empty or not JSON. */
  body: unknown;
};

async function read(response: Response): Promise<ReadResponse> {
  const text = await response.text();
  let body: unknown;
  if (text && response.headers.get('content-type')?.includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, body };
}

export type ClientCredentialsRequest = {
  clientId: string;
  clientSecret: string;
  /** `basic`: Authorization: Basic (the docs); `body`: client_id/client_secret in the form (@logto/api). */
  authentication: 'basic' | 'body';
  resource?: string;
  scope?: string;
};

/** POST {tokenEndpoint} grant_type=client_credentials, exactly as a Logto M2M client sends it. */
export async function requestClientCredentials(
  request: ClientCredentialsRequest,
): Promise<ReadResponse> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (request.authentication === 'basic') {
    const credentials = `${encodeURIComponent(request.clientId)}:${encodeURIComponent(request.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  } else {
    form.set('client_id', request.clientId);
    form.set('client_secret', request.clientSecret);
  }
  if (request.resource !== undefined) form.set('resource', request.resource);
  if (request.scope !== undefined) form.set('scope', request.scope);
  return read(
    await fetch(target.tokenEndpoint, { method: 'POST', headers, body: form.toString() }),
  );
}

const tokenResponseSchema = z.object({ access_token: z.string().min(1) });

let managementToken: Promise<string> | undefined;

/** The M2M token for the Management API (scope `all`), fetched once per test file through the real token endpoint. */
export async function getManagementToken(): Promise<string> {
  if (managementToken) return managementToken;
  const pending = requestClientCredentials({
    clientId: target.m2mApp.id,
    clientSecret: target.m2mApp.secret,
    authentication: 'basic',
    resource: target.managementApiResource,
    scope: 'all',
  }).then((response) => {
    if (response.status !== 200) {
      throw new Error(`Cannot get a Management API token: ${response.status} ${response.text}`);
    }
    return tokenResponseSchema.parse(response.body).access_token;
  });
  managementToken = pending;
  // A failed fetch is not cached: the next test tries again.
  pending.catch(() => {
    managementToken = undefined;
  });
  return pending;
}

export type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** A raw body (for malformed JSON); sent with `Content-Type: application/json`. */
  rawJson?: string;
  query?: Record<string, string | number | readonly string[]> | URLSearchParams;
  /** Overrides the Authorization header; `null` sends none. Default: Bearer <management token>. */
  authorization?: string | null;
};

/** Builds `/api/...?query` keeping the order of the given parameters (Logto's Link headers keep it too). */
export function apiPath(path: string, query?: ApiRequest['query']): string {
  if (!query) return path;
  const params = query instanceof URLSearchParams ? query : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) {
    for (const [key, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Calls the target's Management API (`path` starts with `/api/`) and reads the whole response. */
export async function api(path: string, request: ApiRequest = {}): Promise<ReadResponse> {
  const headers: Record<string, string> = {};
  const authorization =
    request.authorization === undefined
      ? `Bearer ${await getManagementToken()}`
      : request.authorization;
  if (authorization !== null) headers.authorization = authorization;
  let body: string | undefined;
  if (request.json !== undefined || request.rawJson !== undefined) {
    headers['content-type'] = 'application/json';
    body = request.rawJson ?? JSON.stringify(request.json);
  }
  const response = await fetch(`${target.endpoint}${apiPath(path, request.query)}`, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  return read(response);
}

/** The emulator's test controls (only on `kind: 'emulator'`). */
export async function setEmulatorEmailConnector(enabled: boolean): Promise<void> {
  const response = await fetch(`${target.endpoint}/_emulator/email-connector`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enabled }),
  });
  if (!response.ok) {
    throw new Error(
      `PUT /_emulator/email-connector answered ${response.status}: ${await response.text()}`,
    );
  }
}

/**
 * What the emulator's dev mailbox (DESIGN 7: `/_emulator/mailbox`, JSON flavour) holds for one recipient, as
 * text: the suite only checks that a message carrying the invitation link arrived, not the mailbox format.
 */
export async function readEmulatorMailbox(to: string): Promise<string> {
  const response = await fetch(
    `${target.endpoint}/_emulator/mailbox.json?${new URLSearchParams({ to }).toString()}`,
  );
  if (!response.ok) throw new Error(`GET /_emulator/mailbox.json answered ${response.status}`);
  return response.text();
}

/** The tenant id entities carry: the `<tenant>` of `https://<tenant>.logto.app/api` (`default` on OSS). */
export const expectedTenantId =
  /^https:\/\/([^./]+)\.logto\.app\/api$/.exec(target.managementApiResource)?.[1] ?? 'default';
