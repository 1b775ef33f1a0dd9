import { importJWK, SignJWT } from 'jose';

import { startEmulator, type RunningEmulator } from './app.js';
import { managementApi } from './seed/system.js';

export const testM2mApp = { id: 'test-m2m-app', secret: 'test-m2m-app-secret-000000' } as const;

export type TestEmulator = RunningEmulator & {
  /** A Management API token as the emulator's token endpoint issues it (scope `all`). */
  managementToken: () => Promise<string>;
  /** fetch against the emulator with the Management API token; `path` starts with `/api/...`. */
  api: (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
};

/** A fresh in-memory emulator on a random port, for one test file. Close it in `afterAll`. */
export async function startTestEmulator(
  options: { testControls?: boolean; emailConnector?: boolean } = {},
): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    testControls: options.testControls ?? true,
    emailConnector: options.emailConnector ?? true,
    m2mApp: testM2mApp,
  });

  let cached: string | undefined;
  const managementToken = async () => {
    cached ??= await signManagementToken(emulator);
    return cached;
  };

  const api: TestEmulator['api'] = async (path, init = {}) => {
    const { json, headers, ...rest } = init;
    return fetch(`${emulator.url}${path}`, {
      ...rest,
      headers: {
        authorization: `Bearer ${await managementToken()}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  };

  return { ...emulator, managementToken, api };
}

/** Signs what POST /oidc/token (client_credentials, resource = Management API, scope all) returns. */
export async function signManagementToken(
  emulator: RunningEmulator,
  overrides: { scope?: string; audience?: string; issuer?: string; expiresIn?: string } = {},
): Promise<string> {
  const [jwk] = emulator.deps.keys.privateJwks.keys;
  if (!jwk?.kid) throw new Error('The emulator has no signing key');
  const key = await importJWK(jwk, 'ES384');
  return new SignJWT({ scope: overrides.scope ?? 'all', client_id: testM2mApp.id })
    .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: jwk.kid })
    .setSubject(testM2mApp.id)
    .setIssuer(overrides.issuer ?? emulator.deps.issuer)
    .setAudience(overrides.audience ?? managementApi.indicator)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(overrides.expiresIn ?? '1h')
    .sign(key);
}

export type ApiReply = { status: number; headers: Headers; body: unknown; text: string };

/** Calls the Management API and keeps status, headers, raw text and (for JSON) the parsed body. */
export async function callApi(
  emulator: TestEmulator,
  method: string,
  path: string,
  json?: unknown,
): Promise<ApiReply> {
  const response = await emulator.api(path, { method, ...(json === undefined ? {} : { json }) });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return {
    status: response.status,
    headers: response.headers,
    body: isJson ? JSON.parse(text) : undefined,
    text,
  };
}

/** Narrows a parsed JSON value to an object, failing the test otherwise. */
export const asObject = (value: unknown): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`Not an object: ${String(value)}`);
  return Object.fromEntries(Object.entries(value));
};

export const asObjectList = (value: unknown): Array<Record<string, unknown>> => {
  if (!Array.isArray(value)) throw new Error(`Not an array: ${JSON.stringify(value)}`);
  return value.map(asObject);
};

export const idsOf = (value: unknown) => asObjectList(value).map(({ id }) => id);

let uniqueCounter = 0;
/** A name no other test in this run uses. */
export const uniqueName = (prefix: string, separator = '-') =>
  `${prefix}${separator}${Date.now().toString(36)}${(uniqueCounter++).toString(36)}`;
