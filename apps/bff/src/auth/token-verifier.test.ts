import { errorCodes } from '@portal/shared';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { ApiError } from '../errors.js';
import { createTokenVerifier, type TokenVerifier } from './token-verifier.js';

const logtoEndpoint = 'https://logto.example';
const issuer = `${logtoEndpoint}/oidc`;

type Key = { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; jwk: JWK };
let es384: Key;
let es256: Key;
let verifier: TokenVerifier;

async function key(alg: 'ES384' | 'ES256', kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function sign(
  { privateKey, jwk }: Key,
  claims: Record<string, unknown> = {},
  header: { typ?: string; alg?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: issuer,
    sub: 'user-1',
    aud: 'urn:logto:organization:org-1',
    iat: now - 10,
    exp: now + 3600,
    scope: 'read:members manage:members',
    client_id: 'spa',
    ...claims,
  })
    .setProtectedHeader({
      alg: header.alg ?? jwk.alg ?? 'ES384',
      kid: jwk.kid,
      ...(header.typ === '' ? {} : { typ: header.typ ?? 'at+jwt' }),
    })
    .sign(privateKey);
}

async function refusal(token: string) {
  try {
    await verifier.verify(token);
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  return 'accepted';
}

beforeAll(async () => {
  es384 = await key('ES384', 'k384');
  es256 = await key('ES256', 'k256');
  verifier = createTokenVerifier({
    logtoEndpoint,
    algorithms: ['ES384'],
    keySet: createLocalJWKSet({ keys: [es384.jwk, es256.jwk] }),
  });
});

describe('createTokenVerifier', () => {
  it('accepts a Logto access token and reads its claims', async () => {
    expect(
      await verifier.verify(await sign(es384, { aud: ['urn:logto:organization:org-1', 'x'] })),
    ).toEqual({
      userId: 'user-1',
      audiences: ['urn:logto:organization:org-1', 'x'],
      scopes: ['read:members', 'manage:members'],
      organizationIdClaim: undefined,
    });
  });

  it('refuses, as 401, tokens that are not Logto access tokens', async () => {
    const unauthenticated = errorCodes.unauthenticated.code;
    const now = Math.floor(Date.now() / 1000);
    // Another issuer, expired, not yet valid, an ID token (no typ), another algorithm, tampered.
    expect(await refusal(await sign(es384, { iss: 'https://evil.example/oidc' }))).toBe(
      unauthenticated,
    );
    expect(await refusal(await sign(es384, { exp: now - 60 }))).toBe(unauthenticated);
    expect(await refusal(await sign(es384, { nbf: now + 600 }))).toBe(unauthenticated);
    expect(await refusal(await sign(es384, {}, { typ: '' }))).toBe(unauthenticated);
    expect(await refusal(await sign(es384, {}, { typ: 'JWT' }))).toBe(unauthenticated);
    expect(await refusal(await sign(es256))).toBe(unauthenticated);
    expect(await refusal(await sign(es384, { sub: '' }))).toBe(unauthenticated);
    const [header, , signature] = (await sign(es384)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'admin', aud: 'x', iss: issuer, exp: now + 60 }),
    ).toString('base64url');
    expect(await refusal(`${header}.${forged}.${signature}`)).toBe(unauthenticated);
    expect(await refusal('not-a-token')).toBe(unauthenticated);
  });

  it('tolerates a few seconds of clock skew, not more', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(await sign(es384, { exp: now - 2 }))).toBe('accepted');
    expect(await refusal(await sign(es384, { exp: now - 30 }))).toBe(
      errorCodes.unauthenticated.code,
    );
  });

  it('accepts other algorithms only when configured', async () => {
    const both = createTokenVerifier({
      logtoEndpoint,
      algorithms: ['ES384', 'ES256'],
      keySet: createLocalJWKSet({ keys: [es384.jwk, es256.jwk] }),
    });
    expect((await both.verify(await sign(es256))).userId).toBe('user-1');
  });
});
