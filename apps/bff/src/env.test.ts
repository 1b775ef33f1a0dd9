import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { InvalidConfigurationError, readBffConfig } from './env.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const valid = {
  LOGTO_ENDPOINT: 'http://localhost:3001/',
  LOGTO_M2M_APP_ID: 'm2m-app',
  LOGTO_M2M_APP_SECRET: 'm2m-secret',
  LOGTO_SPA_APP_ID: 'spa-app',
  PORTAL_API_RESOURCE: 'https://portal.example/api',
  PORTAL_PUBLIC_URL: 'http://localhost:3000',
};

function problemsOf(source: NodeJS.ProcessEnv): string[] {
  try {
    readBffConfig(source);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('Expected the configuration to be refused');
}

describe('readBffConfig', () => {
  it('reads a valid environment, with defaults', () => {
    expect(readBffConfig(valid)).toEqual({
      logtoEndpoint: 'http://localhost:3001',
      logtoTokenEndpoint: 'http://localhost:3001/oidc/token',
      m2mAppId: 'm2m-app',
      m2mAppSecret: 'm2m-secret',
      managementApiResource: 'https://default.logto.app/api',
      spaAppId: 'spa-app',
      portalApiResource: 'https://portal.example/api',
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir: path.join(repoRoot, '.data', 'bff'),
      upstreamRateLimit: { requests: 200, perMs: 10_000, fair: true, maxWaitMs: 5000 },
      upstreamTimeoutMs: 10_000,
      upstreamRetries: 2,
      apiRateLimit: { requests: 600, perMs: 60_000 },
      corsAllowedOrigins: [],
      tokenAlgorithms: ['ES384'],
      trustProxy: false,
      port: 3000,
      webDistDir: path.resolve(fileURLToPath(new URL('../../web/dist', import.meta.url))),
      logLevel: 'info',
    });
  });

  it('reads every optional value', () => {
    const config = readBffConfig({
      ...valid,
      LOGTO_TOKEN_ENDPOINT: 'https://tenant.logto.app/oidc/token',
      LOGTO_MANAGEMENT_API_RESOURCE: 'https://tenant.logto.app/api',
      DATABASE_URL: 'postgres://portal:secret@db:5432/portal',
      BFF_DATA_DIR: 'relative/data',
      UPSTREAM_RATE_LIMIT: '50/500ms',
      UPSTREAM_MAX_WAIT_MS: '2000',
      UPSTREAM_FAIR_SHARE: 'false',
      API_RATE_LIMIT: '100/1m',
      CORS_ALLOWED_ORIGINS: 'https://dashboard.example, http://localhost:4000/',
      TOKEN_ALGORITHMS: 'ES384,ES256',
      TRUST_PROXY: '1',
      PORT: '0',
      WEB_DIST_DIR: '/srv/web',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      logtoTokenEndpoint: 'https://tenant.logto.app/oidc/token',
      managementApiResource: 'https://tenant.logto.app/api',
      databaseUrl: 'postgres://portal:secret@db:5432/portal',
      dataDir: path.resolve('relative/data'),
      upstreamRateLimit: { requests: 50, perMs: 500, fair: false, maxWaitMs: 2000 },
      apiRateLimit: { requests: 100, perMs: 60_000 },
      corsAllowedOrigins: ['https://dashboard.example', 'http://localhost:4000'],
      tokenAlgorithms: ['ES384', 'ES256'],
      trustProxy: 1,
      port: 0,
      webDistDir: '/srv/web',
      logLevel: 'debug',
    });
  });

  it('treats empty values as unset', () => {
    expect(
      readBffConfig({ ...valid, DATABASE_URL: '', PORT: '', CORS_ALLOWED_ORIGINS: '' }),
    ).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
      corsAllowedOrigins: [],
    });
  });

  it('refuses to start, naming every bad or missing value and echoing none', () => {
    const problems = problemsOf({
      LOGTO_ENDPOINT: 'not a url',
      LOGTO_M2M_APP_SECRET: '',
      PORTAL_PUBLIC_URL: 'ftp://portal',
      DATABASE_URL: 'mysql://secret-password@db/portal',
      UPSTREAM_RATE_LIMIT: 'lots',
      API_RATE_LIMIT: '0/10s',
      CORS_ALLOWED_ORIGINS: 'https://ok.example,https://bad.example/path',
      TOKEN_ALGORITHMS: 'HS256',
      PORT: '70000',
    });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      [
        'LOGTO_ENDPOINT',
        'LOGTO_M2M_APP_ID',
        'LOGTO_M2M_APP_SECRET',
        'LOGTO_SPA_APP_ID',
        'PORTAL_API_RESOURCE',
        'PORTAL_PUBLIC_URL',
        'DATABASE_URL',
        'UPSTREAM_RATE_LIMIT',
        'API_RATE_LIMIT',
        'CORS_ALLOWED_ORIGINS.1',
        'TOKEN_ALGORITHMS.0',
        'PORT',
      ].sort(),
    );
    expect(problems.join('\n')).not.toContain('secret-password');
  });
});
