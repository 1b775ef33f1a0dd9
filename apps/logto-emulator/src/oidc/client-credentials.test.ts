import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { managementApi } from '../seed/system.js';
import { startTestEmulator, testM2mApp, type TestEmulator } from '../test-utils.js';
import {
  createMachineToMachineApplication,
  decodeToken,
  postToken,
  spaOrigin,
  tokenResponseGuard,
} from './test-support.js';

let emulator: TestEmulator;
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const managementTokenRequest = {
  grant_type: 'client_credentials',
  resource: managementApi.indicator,
  scope: 'all',
};

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('discovery and keys', () => {
  it('publishes the discovery document as Logto does (oidc-samples/01)', async () => {
    const response = await fetch(`${emulator.url}/oidc/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const issuer = `${emulator.url}/oidc`;
    const body: unknown = await response.json();
    expect(body).toEqual({
      authorization_endpoint: `${issuer}/auth`,
      device_authorization_endpoint: `${issuer}/device/auth`,
      claims_parameter_supported: false,
      claims_supported: [
        'sub',
        'name',
        'family_name',
        'given_name',
        'middle_name',
        'nickname',
        'preferred_username',
        'profile',
        'picture',
        'website',
        'gender',
        'birthdate',
        'zoneinfo',
        'locale',
        'updated_at',
        'username',
        'created_at',
        'email',
        'email_verified',
        'phone_number',
        'phone_number_verified',
        'address',
        'custom_data',
        'identities',
        'sso_identities',
        'roles',
        'organizations',
        'organization_data',
        'organization_roles',
        'sid',
        'auth_time',
        'iss',
      ],
      code_challenge_methods_supported: ['S256'],
      end_session_endpoint: `${issuer}/session/end`,
      grant_types_supported: [
        'implicit',
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:device_code',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ],
      issuer,
      jwks_uri: `${issuer}/jwks`,
      authorization_response_iss_parameter_supported: true,
      response_modes_supported: ['form_post', 'fragment', 'query'],
      response_types_supported: ['code id_token', 'code', 'id_token', 'none'],
      scopes_supported: [
        'openid',
        'offline_access',
        'profile',
        'email',
        'phone',
        'address',
        'custom_data',
        'identities',
        'roles',
        'urn:logto:scope:organizations',
        'urn:logto:scope:organization_roles',
        'urn:logto:scope:sessions',
        'urn:logto:scope:trusted_devices',
      ],
      subject_types_supported: ['public'],
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_jwt',
        'client_secret_post',
        'private_key_jwt',
        'none',
      ],
      token_endpoint_auth_signing_alg_values_supported: [
        'HS256',
        'RS256',
        'PS256',
        'ES256',
        'Ed25519',
        'EdDSA',
      ],
      token_endpoint: `${issuer}/token`,
      id_token_signing_alg_values_supported: ['ES384'],
      pushed_authorization_request_endpoint: `${issuer}/request`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${issuer}/me`,
      introspection_endpoint: `${issuer}/token/introspection`,
      revocation_endpoint: `${issuer}/token/revocation`,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      claim_types_supported: ['normal'],
    });
  });

  it('publishes the ES384 public key as a JWK set (oidc-samples/02)', async () => {
    const response = await fetch(`${emulator.url}/oidc/jwks`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jwk-set+json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, max-age=0, must-revalidate');
    const body: unknown = await response.json();
    const [privateKey] = emulator.deps.keys.privateJwks.keys;
    expect(body).toEqual({
      keys: [
        {
          kty: 'EC',
          use: 'sig',
          kid: privateKey?.kid,
          alg: 'ES384',
          crv: 'P-384',
          x: privateKey?.x,
          y: privateKey?.y,
        },
      ],
    });
  });
});

describe('client_credentials', () => {
  it('issues a Management API token with Basic authentication (CONTRACT 0.2)', async () => {
    const response = await postToken(emulator.url, managementTokenRequest, {
      authorization: basic(testM2mApp.id, testM2mApp.secret),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const raw: unknown = await response.json();
    expect(Object.keys(raw ?? {})).toEqual(['access_token', 'expires_in', 'token_type', 'scope']);
    const body = tokenResponseGuard.parse(raw);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'all' });

    const { header } = decodeToken(body.access_token);
    expect(header).toEqual({
      alg: 'ES384',
      typ: 'at+jwt',
      kid: emulator.deps.keys.privateJwks.keys[0]?.kid,
    });
    const { payload } = await jwtVerify(body.access_token, emulator.deps.keys.keySet, {
      issuer: emulator.deps.issuer,
      audience: managementApi.indicator,
    });
    expect(Object.keys(payload)).toEqual([
      'jti',
      'sub',
      'iat',
      'exp',
      'scope',
      'client_id',
      'iss',
      'aud',
    ]);
    expect(payload).toMatchObject({ sub: testM2mApp.id, client_id: testM2mApp.id, scope: 'all' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);

    // The token is verified against the published JWKS and accepted by the Management API.
    const jwks = createRemoteJWKSet(new URL(`${emulator.url}/oidc/jwks`));
    await expect(jwtVerify(body.access_token, jwks)).resolves.toBeDefined();
    const api = await fetch(`${emulator.url}/api/organizations`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(api.status).toBe(200);
  });

  it('accepts the credentials in the form body (client_secret_post, as @logto/api sends them)', async () => {
    const response = await postToken(
      emulator.url,
      { ...managementTokenRequest, client_id: testM2mApp.id, client_secret: testM2mApp.secret },
      {},
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ scope: 'all', expires_in: 3600 });
  });

  it('accepts a JSON body like Logto', async () => {
    const response = await fetch(`${emulator.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...managementTokenRequest,
        client_id: testM2mApp.id,
        client_secret: testM2mApp.secret,
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ scope: 'all' });
  });

  it('refuses a browser origin the app did not register', async () => {
    const response = await postToken(
      emulator.url,
      { ...managementTokenRequest, client_id: testM2mApp.id, client_secret: testM2mApp.secret },
      { origin: spaOrigin },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: `origin ${spaOrigin} not allowed for client: ${testM2mApp.id}`,
    });
  });

  it('drops scopes the app does not hold, and works for an app created at runtime', async () => {
    const app = await createMachineToMachineApplication(emulator.deps);
    const response = await postToken(emulator.url, managementTokenRequest, {
      authorization: basic(app.id, app.secret),
    });
    expect(response.status).toBe(200);
    const body = tokenResponseGuard.parse(await response.json());
    expect(body).not.toHaveProperty('scope');
    expect(decodeToken(body.access_token).payload).not.toHaveProperty('scope');

    // A role granted afterwards counts from the next token on.
    await emulator.deps.db.query(
      'insert into applications_roles (application_id, role_id) values ($1, $2)',
      [app.id, managementApi.roleId],
    );
    const again = await postToken(emulator.url, managementTokenRequest, {
      authorization: basic(app.id, app.secret),
    });
    expect(await again.json()).toMatchObject({ scope: 'all' });
  });

  it('accepts an extra application secret, and refuses an expired one', async () => {
    const app = await createMachineToMachineApplication(emulator.deps, {
      roleIds: [managementApi.roleId],
    });
    await emulator.deps.db.query(
      `insert into application_secrets (application_id, name, value, created_at, expires_at)
       values ($1, 'rotated', 'extra-secret-value', $2, null), ($1, 'old', 'expired-secret-value', $2, $3)`,
      [app.id, Date.now(), Date.now() - 1000],
    );
    const withBasic = await postToken(emulator.url, managementTokenRequest, {
      authorization: basic(app.id, 'extra-secret-value'),
    });
    expect(withBasic.status).toBe(200);
    const withPost = await postToken(
      emulator.url,
      { ...managementTokenRequest, client_id: app.id, client_secret: 'extra-secret-value' },
      {},
    );
    expect(withPost.status).toBe(200);

    const expired = await postToken(emulator.url, managementTokenRequest, {
      authorization: basic(app.id, 'expired-secret-value'),
    });
    expect(expired.status).toBe(400);
    expect(await expired.json()).toEqual({
      code: 'oidc.invalid_request',
      message: 'Request is invalid.',
      error: 'invalid_request',
      error_description: 'client secret has expired',
    });
  });

  it('answers invalid_client for a wrong secret or an unknown app', async () => {
    const wrong = await postToken(emulator.url, managementTokenRequest, {
      authorization: basic(testM2mApp.id, 'not-the-secret'),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic realm=');
    expect(await wrong.json()).toEqual({
      code: 'oidc.invalid_client',
      message: 'An OIDC error occurred: oidc.invalid_client.',
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });

    const unknown = await postToken(
      emulator.url,
      { ...managementTokenRequest, client_id: 'no-such-app', client_secret: 'whatever' },
      {},
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: 'invalid_client',
      error_description: 'invalid client no-such-app',
    });
  });

  it('answers invalid_target for an unknown or missing resource', async () => {
    const auth = { authorization: basic(testM2mApp.id, testM2mApp.secret) };
    const unknown = await postToken(
      emulator.url,
      { grant_type: 'client_credentials', resource: 'https://unknown.example/api', scope: 'all' },
      auth,
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      code: 'oidc.invalid_target',
      message: 'Invalid resource indicator.',
      error: 'invalid_target',
      error_description: 'resource indicator is missing, or unknown',
    });

    const missing = await postToken(
      emulator.url,
      { grant_type: 'client_credentials', scope: 'all' },
      auth,
    );
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: 'invalid_target',
      error_description: 'both `resource` and `organization_id` are not provided',
    });
  });

  it('answers invalid_scope for a malformed scope, and refuses the grant to a browser app', async () => {
    const malformed = await postToken(
      emulator.url,
      { ...managementTokenRequest, scope: 'all "quoted"' },
      { authorization: basic(testM2mApp.id, testM2mApp.secret) },
    );
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      code: 'oidc.invalid_scope',
      error: 'invalid_scope',
    });

    const spaId = 'spa-without-grant';
    await emulator.deps.db.query(
      `insert into applications (id, name, type, secret, oidc_client_metadata, created_at)
       values ($1, 'SPA', 'SPA', 'unused', $2, $3)`,
      [spaId, { redirectUris: [`${spaOrigin}/callback`], postLogoutRedirectUris: [] }, Date.now()],
    );
    const spa = await postToken(emulator.url, { ...managementTokenRequest, client_id: spaId });
    expect(spa.status).toBe(400);
    expect(await spa.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'requested grant type is not allowed for this client',
    });
  });
});
