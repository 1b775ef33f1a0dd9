import { describe, expect, it } from 'vitest';

import { permissionsFromOrganizationToken } from './get-organization-permissions.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const organizationToken = (claims: Record<string, unknown>) =>
  `${encode({ alg: 'ES384', typ: 'at+jwt', kid: 'k' })}.${encode(claims)}.c2ln`;

describe('permissionsFromOrganizationToken', () => {
  it('returns the scope of a token for this organization, portal permissions first', () => {
    // As in oidc-samples/07: database order, no organization_id claim, the org in the audience.
    const token = organizationToken({
      sub: 'u1',
      scope: 'manage:members read:members custom:thing invite:members',
      aud: 'urn:logto:organization:org-a',
    });
    expect(permissionsFromOrganizationToken(token, 'org-a')).toEqual([
      'read:members',
      'invite:members',
      'manage:members',
      'custom:thing',
    ]);
  });

  it('returns nothing for a token without scopes', () => {
    expect(
      permissionsFromOrganizationToken(
        organizationToken({ aud: 'urn:logto:organization:org-a', scope: '' }),
        'org-a',
      ),
    ).toEqual([]);
    expect(
      permissionsFromOrganizationToken(
        organizationToken({ aud: 'urn:logto:organization:org-a' }),
        'org-a',
      ),
    ).toEqual([]);
  });

  it('refuses a token for another organization', () => {
    const token = organizationToken({ aud: 'urn:logto:organization:org-b', scope: 'read:members' });
    expect(() => permissionsFromOrganizationToken(token, 'org-a')).toThrow(
      /not for organization org-a/,
    );
  });
});
