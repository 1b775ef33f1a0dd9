import { generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { managementApi } from '../seed/system.js';
import {
  signManagementToken,
  startTestEmulator,
  testM2mApp,
  type TestEmulator,
} from '../test-utils.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const listOrganizations = async (authorization?: string) =>
  fetch(`${emulator.url}/api/organizations`, {
    headers: authorization === undefined ? {} : { authorization },
  });

/** Signs arbitrary claims with the emulator's own key, for tokens the token endpoint would never issue. */
async function signWithEmulatorKey(payload: JWTPayload) {
  const [jwk] = emulator.deps.keys.privateJwks.keys;
  if (!jwk?.kid) throw new Error('no signing key');
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: jwk.kid })
    .setIssuer(emulator.deps.issuer)
    .setAudience(managementApi.indicator)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await importJWK(jwk, 'ES384'));
}

describe('Management API authentication', () => {
  it('accepts the M2M token with the `all` scope', async () => {
    const response = await listOrganizations(`Bearer ${await emulator.managementToken()}`);
    expect(response.status).toBe(200);
  });

  it('accepts a token from the emulator’s own token endpoint (client_credentials, samples/01)', async () => {
    const tokenResponse = await fetch(`${emulator.url}/oidc/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${testM2mApp.id}:${testM2mApp.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: managementApi.indicator,
        scope: 'all',
      }),
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: accessToken } = (await tokenResponse.json()) as { access_token: string };
    expect((await listOrganizations(`Bearer ${accessToken}`)).status).toBe(200);
  });

  it('rejects a request without an Authorization header (samples/57)', async () => {
    const response = await listOrganizations();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(
      '{"code":"auth.authorization_header_missing","message":"Authorization header is missing."}',
    );
  });

  it('treats an empty Authorization header as missing', async () => {
    const response = await listOrganizations('');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'auth.authorization_header_missing' });
  });

  it('rejects other authorization schemes, naming the supported one', async () => {
    const response = await listOrganizations(
      `Basic ${Buffer.from(`${testM2mApp.id}:x`).toString('base64')}`,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 'auth.authorization_token_type_not_supported',
      data: { supportedTypes: ['Bearer'] },
      message: 'Authorization type is not supported.',
    });
  });

  it('is case-sensitive about "Bearer", as Logto is', async () => {
    const response = await listOrganizations(`bearer ${await emulator.managementToken()}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'auth.authorization_token_type_not_supported',
    });
  });

  it('rejects a malformed token with the jose error as data (samples/56)', async () => {
    const response = await listOrganizations('Bearer not-a-real-token');
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(
      '{"code":"auth.unauthorized","data":{"code":"ERR_JWS_INVALID","name":"JWSInvalid"},"message":"Unauthorized. Please check credentials and its scope."}',
    );
  });

  it('rejects an expired token', async () => {
    const token = await signManagementToken(emulator, { expiresIn: '-1m' });
    const response = await listOrganizations(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'auth.unauthorized',
      data: { code: 'ERR_JWT_EXPIRED', name: 'JWTExpired', claim: 'exp', reason: 'check_failed' },
    });
  });

  it('rejects a token for another audience', async () => {
    const token = await signManagementToken(emulator, { audience: 'https://portal.example/api' });
    const response = await listOrganizations(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'auth.unauthorized',
      data: { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' },
    });
  });

  it('rejects a token from another issuer', async () => {
    const token = await signManagementToken(emulator, { issuer: 'http://elsewhere.example/oidc' });
    const response = await listOrganizations(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'auth.unauthorized',
      data: { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' },
    });
  });

  it('rejects a token signed with a key the emulator does not hold', async () => {
    const [jwk] = emulator.deps.keys.privateJwks.keys;
    const { privateKey } = await generateKeyPair('ES384');
    const forged = await new SignJWT({ scope: 'all', client_id: testM2mApp.id })
      .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: jwk?.kid ?? 'x' })
      .setSubject(testM2mApp.id)
      .setIssuer(emulator.deps.issuer)
      .setAudience(managementApi.indicator)
      .setExpirationTime('1h')
      .sign(privateKey);
    const response = await listOrganizations(`Bearer ${forged}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'auth.unauthorized',
      data: { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' },
    });
  });

  it('rejects an unsigned token', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none' })}.${encode({
      sub: testM2mApp.id,
      scope: 'all',
      iss: emulator.deps.issuer,
      aud: managementApi.indicator,
      exp: Math.floor(Date.now() / 1000) + 3600,
    })}.`;
    const response = await listOrganizations(`Bearer ${unsigned}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'auth.unauthorized' });
  });

  it('requires a subject', async () => {
    const token = await signWithEmulatorKey({ scope: 'all', client_id: testM2mApp.id });
    const response = await listOrganizations(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 'auth.jwt_sub_missing',
      message: 'Missing `sub` in JWT.',
    });
  });

  it('answers 401 with the zod error when the scope claim is not a string', async () => {
    const token = await signWithEmulatorKey({ sub: testM2mApp.id, scope: ['all'] });
    const response = await listOrganizations(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'auth.unauthorized',
      data: { name: 'ZodError' },
    });
  });

  it('forbids a valid token without the `all` scope', async () => {
    for (const scope of ['', 'read:all', 'all:read other']) {
      const token = await signManagementToken(emulator, { scope });
      const response = await listOrganizations(`Bearer ${token}`);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        code: 'auth.forbidden',
        message: 'Forbidden. Please check your user roles and permissions.',
      });
    }
  });

  it('accepts `all` among other scopes', async () => {
    const token = await signManagementToken(emulator, { scope: 'openid all offline_access' });
    expect((await listOrganizations(`Bearer ${token}`)).status).toBe(200);
  });

  it('guards writes as well as reads', async () => {
    const response = await fetch(`${emulator.url}/api/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-real-token' },
      body: JSON.stringify({ name: 'Should not exist' }),
    });
    expect(response.status).toBe(401);
    const list = await emulator.api('/api/organizations?q=Should%20not%20exist');
    expect(await list.json()).toEqual([]);
  });
});
