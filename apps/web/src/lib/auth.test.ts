import { describe, expect, it } from 'vitest';

import { buildLogtoConfig } from './auth.js';

describe('buildLogtoConfig', () => {
  it('asks for organizations, their roles, every organization permission and the support scopes', () => {
    const config = buildLogtoConfig({
      logtoEndpoint: 'http://localhost:3001',
      appId: 'spa',
      portalApiResource: 'https://portal.example/api',
    });
    expect(config).toEqual({
      endpoint: 'http://localhost:3001',
      appId: 'spa',
      resources: ['https://portal.example/api'],
      scopes: [
        'email',
        'urn:logto:scope:organizations',
        'urn:logto:scope:organization_roles',
        'read:members',
        'invite:members',
        'manage:members',
        'manage:organization',
        'read:audit-log',
        'support:read',
        'support:write',
      ],
    });
  });
});
