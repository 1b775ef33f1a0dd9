import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';

import { expectError, expectKeyOrder, parseAs } from './support/assertions.js';
import { api, requestClientCredentials, target } from './support/http.js';
import { clientCredentialsTokenSchema, oidcErrorSchema } from './support/schemas.js';

// oidc-samples/01 and 02: the issuer is `<endpoint>/oidc`, keys are published at /oidc/jwks.
const issuer = `${target.endpoint}/oidc`;
const jwks = createRemoteJWKSet(new URL(`${target.endpoint}/oidc/jwks`));

describe('POST /oidc/token, grant_type=client_credentials (samples/01, CONTRACT 0.2)', () => {
  it.each(['basic', 'body'] as const)(
    'issues a Management API token with client authentication in %s',
    async (authentication) => {
      const response = await requestClientCredentials({
        clientId: target.m2mApp.id,
        clientSecret: target.m2mApp.secret,
        authentication,
        resource: target.managementApiResource,
        scope: 'all',
      });

      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = parseAs(clientCredentialsTokenSchema, response.body);
      expectKeyOrder(body, ['access_token', 'expires_in', 'token_type', 'scope']);
      expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'all' });

      // A JWT access token (ES384, typ at+jwt) signed with a key from the published JWKS.
      expect(decodeProtectedHeader(body.access_token)).toMatchObject({
        alg: 'ES384',
        typ: 'at+jwt',
      });
      const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
        issuer,
        audience: target.managementApiResource,
        typ: 'at+jwt',
      });
      expect(protectedHeader.kid).toEqual(expect.any(String));
      expect(payload).toMatchObject({
        sub: target.m2mApp.id,
        client_id: target.m2mApp.id,
        scope: 'all',
      });
      expect(payload.jti).toEqual(expect.any(String));
      expect(payload.exp! - payload.iat!).toBe(3600);
    },
  );

  it('grants no scope when none is requested, and the Management API answers 403 auth.forbidden', async () => {
    const response = await requestClientCredentials({
      clientId: target.m2mApp.id,
      clientSecret: target.m2mApp.secret,
      authentication: 'body',
      resource: target.managementApiResource,
    });

    expect(response.status, response.text).toBe(200);
    const body = parseAs(clientCredentialsTokenSchema, response.body);
    // oidc-provider leaves `scope` undefined, so the key is absent from the JSON.
    expect(body).not.toHaveProperty('scope');
    const { payload } = await jwtVerify(body.access_token, jwks, {
      issuer,
      audience: target.managementApiResource,
    });
    expect(payload.scope).toBeUndefined();

    const forbidden = await api('/api/organizations', {
      authorization: `Bearer ${body.access_token}`,
    });
    expectError(forbidden, 403, 'auth.forbidden');
  });

  it('answers 401 invalid_client for a wrong secret', async () => {
    const response = await requestClientCredentials({
      clientId: target.m2mApp.id,
      clientSecret: `${target.m2mApp.secret}-wrong`,
      authentication: 'basic',
      resource: target.managementApiResource,
      scope: 'all',
    });

    expect(response.status, response.text).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = parseAs(oidcErrorSchema, response.body);
    expect(body).toMatchObject({ code: 'oidc.invalid_client', error: 'invalid_client' });
    expect(body).not.toHaveProperty('access_token');
  });

  it('answers 400 invalid_client for an unknown client (form-body credentials)', async () => {
    // Logto's client adapter throws oidc-provider's InvalidClient("invalid client <id>"), a 400, when the
    // application does not exist; a known client with a wrong secret fails authentication instead (401).
    const response = await requestClientCredentials({
      clientId: 'no-such-client-app',
      clientSecret: 'whatever-secret',
      authentication: 'body',
      resource: target.managementApiResource,
      scope: 'all',
    });

    expect(response.status, response.text).toBe(400);
    expect(parseAs(oidcErrorSchema, response.body)).toMatchObject({
      code: 'oidc.invalid_client',
      error: 'invalid_client',
      error_description: 'invalid client no-such-client-app',
    });
  });

  it('answers 400 invalid_target for an unknown resource indicator', async () => {
    const response = await requestClientCredentials({
      clientId: target.m2mApp.id,
      clientSecret: target.m2mApp.secret,
      authentication: 'basic',
      resource: 'https://unknown.conformance.example/api',
      scope: 'all',
    });

    expect(response.status, response.text).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // oidc-samples/30: the same error for an unknown resource on the refresh_token grant.
    expect(response.body).toEqual({
      code: 'oidc.invalid_target',
      message: 'Invalid resource indicator.',
      error: 'invalid_target',
      error_description: 'resource indicator is missing, or unknown',
    });
  });
});
