import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
} from 'jose';

import type { Database } from './db/database.js';

export type SigningKeys = {
  /** Private JWKS for oidc-provider (`jwks` configuration). */
  privateJwks: { keys: JWK[] };
  /** What `/oidc/jwks` publishes. */
  publicJwks: { keys: JWK[] };
  /** A jose key resolver over the public keys, for verifying tokens the emulator issued. */
  keySet: ReturnType<typeof createLocalJWKSet>;
};

const toPublic = ({ d: _d, ...publicJwk }: JWK): JWK => publicJwk;

/** Loads the emulator's ES384 signing key, generating and storing one on first start (as Logto does). */
export async function loadSigningKeys(db: Database): Promise<SigningKeys> {
  let rows = await db.query<{ private_jwk: JWK }>(
    'select private_jwk from signing_keys order by created_at',
  );
  if (rows.length === 0) {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    const privateJwk: JWK = { ...jwk, kid, alg: 'ES384', use: 'sig' };
    await db.query(
      'insert into signing_keys (kid, private_jwk, created_at) values ($1, $2, $3) on conflict do nothing',
      [kid, privateJwk, Date.now()],
    );
    rows = await db.query<{ private_jwk: JWK }>(
      'select private_jwk from signing_keys order by created_at',
    );
  }
  const privateKeys = rows.map(({ private_jwk }) => private_jwk);
  const publicJwks = { keys: privateKeys.map(toPublic) };
  return { privateJwks: { keys: privateKeys }, publicJwks, keySet: createLocalJWKSet(publicJwks) };
}
