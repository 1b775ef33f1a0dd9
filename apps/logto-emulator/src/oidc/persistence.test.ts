import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../app.js';
import { testM2mApp } from '../test-utils.js';
import {
  buildAuthorizationUrl,
  createPkce,
  createSpaApplication,
  createUser,
  location,
  postToken,
  signInWithPassword,
  tokenResponseGuard,
} from './test-support.js';

const dataDirs: string[] = [];
afterAll(async () => {
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('OIDC storage', () => {
  it('keeps sessions, grants and refresh tokens across a restart, and honours expiry', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'emulator-oidc-'));
    dataDirs.push(dataDir);
    const options = {
      port: 0,
      dataDir,
      testControls: false,
      emailConnector: true,
      m2mApp: testM2mApp,
    };

    const first = await startEmulator(options);
    const clientId = await createSpaApplication(first.deps);
    const credentials = { email: 'ada@example.com', password: 'ada-password-1' };
    await createUser(first.deps, credentials);
    const { tokens, browser } = await signInWithPassword(first.url, {
      clientId,
      ...credentials,
      scopes: [],
      resources: [],
    });
    await first.close();

    // Same data folder and issuer, another process lifetime.
    const second = await startEmulator({ ...options, publicUrl: first.url });
    const address = second.server.address();
    if (typeof address !== 'object' || address === null)
      throw new Error('The emulator is not listening');
    // `second.url` is the public URL (the first port); requests go to where the second one listens.
    const secondUrl = `http://localhost:${address.port}`;
    try {
      const refreshed = await postToken(secondUrl, {
        client_id: clientId,
        refresh_token: tokens.refresh_token ?? '',
        grant_type: 'refresh_token',
      });
      expect(refreshed.status).toBe(200);
      const rotated = tokenResponseGuard.parse(await refreshed.json());

      // The browser session (signed cookie and stored session) survived: no sign-in page this time.
      const { challenge } = createPkce();
      const authorization = await browser.request(
        buildAuthorizationUrl(secondUrl, {
          clientId,
          challenge,
          state: 's',
          scopes: [],
          resources: [],
        }),
      );
      expect(location(authorization, secondUrl).pathname).toBe('/consent');

      // An expired refresh token is refused even though its row still exists.
      await second.deps.db.query(
        "update oidc_model_instances set expires_at = $1 where model_name = 'RefreshToken' and id = $2",
        [Date.now() - 1, rotated.refresh_token],
      );
      const expired = await postToken(secondUrl, {
        client_id: clientId,
        refresh_token: rotated.refresh_token ?? '',
        grant_type: 'refresh_token',
      });
      expect(expired.status).toBe(400);
      expect(await expired.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await second.close();
    }
  });
});
