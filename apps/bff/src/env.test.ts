import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { InvalidConfigurationError, readBffConfig } from './env.js';

const valid = {
  LOGTO_ENDPOINT: 'http://localhost:3001/',
  LOGTO_SPA_APP_ID: 'spa-app',
  PORTAL_API_RESOURCE: 'https://portal.example/api',
  PORTAL_PUBLIC_URL: 'http://localhost:3000',
};

describe('readBffConfig', () => {
  it('reads a valid environment, with defaults', () => {
    expect(readBffConfig(valid)).toEqual({
      logtoEndpoint: 'http://localhost:3001',
      spaAppId: 'spa-app',
      portalApiResource: 'https://portal.example/api',
      publicUrl: 'http://localhost:3000',
      port: 3000,
      webDistDir: path.resolve(fileURLToPath(new URL('../../web/dist', import.meta.url))),
      logLevel: 'info',
    });
  });

  it('resolves WEB_DIST_DIR against the app and parses PORT', () => {
    const config = readBffConfig({ ...valid, PORT: '0', WEB_DIST_DIR: '/srv/web' });
    expect(config.port).toBe(0);
    expect(config.webDistDir).toBe('/srv/web');
  });

  it('refuses to start, naming every bad or missing value', () => {
    let thrown: unknown;
    try {
      readBffConfig({
        LOGTO_ENDPOINT: 'not a url',
        PORTAL_PUBLIC_URL: 'ftp://portal',
        PORT: '70000',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidConfigurationError);
    const problems = (thrown as InvalidConfigurationError).problems.map(
      (problem) => problem.split(':')[0],
    );
    expect(problems.sort()).toEqual(
      [
        'LOGTO_ENDPOINT',
        'LOGTO_SPA_APP_ID',
        'PORTAL_API_RESOURCE',
        'PORTAL_PUBLIC_URL',
        'PORT',
      ].sort(),
    );
    expect((thrown as Error).message).toContain('LOGTO_SPA_APP_ID');
  });
});
