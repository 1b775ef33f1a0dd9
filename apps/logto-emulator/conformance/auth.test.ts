import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';

import { expectError, parseAs } from './support/assertions.js';
import {
  createApplication,
  createResource,
  createResourceScope,
  createRole,
  listApplicationSecrets,
  useTestCleanup,
} from './support/fixtures.js';
import { api, getManagementToken, requestClientCredentials, target } from './support/http.js';
import { clientCredentialsTokenSchema } from './support/schemas.js';

// CONTRACT 0.1: every /api route checks the Bearer JWT (signature, issuer, audience) and the `all` scope.
describe('Management API authentication', () => {
  const cleanup = useTestCleanup();

  it('answers 401 auth.authorization_header_missing without an Authorization header (samples/57)', async () => {
    const response = await api('/api/organizations', { authorization: null });

    expectError(response, 401, 'auth.authorization_header_missing');
    expect(response.body).toEqual({
      code: 'auth.authorization_header_missing',
      message: 'Authorization header is missing.',
    });
  });

  it.each(['Basic Zm9vOmJhcg==', 'bearer lowercase-scheme', 'Token abc'])(
    'answers 401 auth.authorization_token_type_not_supported for "%s"',
    async (authorization) => {
      const response = await api('/api/organizations', { authorization });

      const body = expectError(response, 401, 'auth.authorization_token_type_not_supported');
      expect(body.data).toEqual({ supportedTypes: ['Bearer'] });
    },
  );

  it('answers 401 auth.unauthorized for a token that is not a JWT (samples/56)', async () => {
    const response = await api('/api/organizations', { authorization: 'Bearer not-a-real-token' });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      code: 'auth.unauthorized',
      data: { code: 'ERR_JWS_INVALID', name: 'JWSInvalid' },
      message: 'Unauthorized. Please check credentials and its scope.',
    });
    expectError(response, 401, 'auth.unauthorized');
  });

  it('answers 401 auth.unauthorized for a token whose signature does not verify', async () => {
    const token = await getManagementToken();
    const [header, payload, signature] = token.split('.');
    // Change one character in the middle of the signature (every base64url character there carries 6 bits).
    const index = Math.floor(signature!.length / 2);
    const changed = signature![index] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature!.slice(0, index)}${changed}${signature!.slice(index + 1)}`;

    const response = await api('/api/organizations', { authorization: `Bearer ${tampered}` });

    const body = expectError(response, 401, 'auth.unauthorized');
    expect(body.data).toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      name: 'JWSSignatureVerificationFailed',
    });
  });

  it('answers 401 auth.unauthorized for a valid token issued for another API resource', async () => {
    // An M2M app whose M2M role grants a scope of an API resource created for this test.
    const resource = await createResource(cleanup);
    const scope = await createResourceScope(cleanup, resource.id);
    const role = await createRole(cleanup, { type: 'MachineToMachine', scopeIds: [scope.id] });
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const assigned = await api(`/api/applications/${application.id}/roles`, {
      json: { roleIds: [role.id] },
    });
    expect(assigned.status, assigned.text).toBe(201);
    const [secret] = await listApplicationSecrets(application.id);

    const tokenResponse = await requestClientCredentials({
      clientId: application.id,
      clientSecret: secret!.value,
      authentication: 'body',
      resource: resource.indicator,
      scope: scope.name,
    });
    expect(tokenResponse.status, tokenResponse.text).toBe(200);
    const token = parseAs(clientCredentialsTokenSchema, tokenResponse.body);
    expect(token.scope).toBe(scope.name);
    expect(decodeJwt(token.access_token)).toMatchObject({
      aud: resource.indicator,
      sub: application.id,
    });

    const response = await api('/api/organizations', {
      authorization: `Bearer ${token.access_token}`,
    });

    const body = expectError(response, 401, 'auth.unauthorized');
    expect(body.data).toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      name: 'JWTClaimValidationFailed',
      claim: 'aud',
    });
  });

  it('answers 403 auth.forbidden for a Management API token without the `all` scope', async () => {
    // An M2M app without the Management API role: its requested `all` scope is dropped from the token.
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const [secret] = await listApplicationSecrets(application.id);
    const tokenResponse = await requestClientCredentials({
      clientId: application.id,
      clientSecret: secret!.value,
      authentication: 'basic',
      resource: target.managementApiResource,
      scope: 'all',
    });
    expect(tokenResponse.status, tokenResponse.text).toBe(200);
    const token = parseAs(clientCredentialsTokenSchema, tokenResponse.body);
    expect(token).not.toHaveProperty('scope');
    expect(decodeJwt(token.access_token)).toMatchObject({ aud: target.managementApiResource });

    const response = await api('/api/organizations', {
      authorization: `Bearer ${token.access_token}`,
    });

    expectError(response, 403, 'auth.forbidden');
  });

  it('accepts the M2M token on every route family', async () => {
    for (const path of [
      '/api/organizations',
      '/api/organization-roles',
      '/api/organization-scopes',
      '/api/organization-invitations',
      '/api/users',
      '/api/roles',
      '/api/resources',
      '/api/applications',
    ]) {
      const response = await api(path, {
        query: path === '/api/organization-invitations' ? undefined : { page_size: 1 },
      });
      expect(response.status, `${path}: ${response.text}`).toBe(200);
    }
  });
});
