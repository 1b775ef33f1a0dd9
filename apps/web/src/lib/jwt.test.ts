import { describe, expect, it } from 'vitest';

import { decodeJwtPayload } from './jwt.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('decodeJwtPayload', () => {
  it('reads the payload of a compact JWT, including non-ASCII text', () => {
    const payload = {
      sub: 'u1',
      scope: 'read:members invite:members',
      name: '李雷 ✓',
      aud: 'urn:logto:organization:o1',
    };
    const token = `${encode({ alg: 'ES384', typ: 'at+jwt' })}.${encode(payload)}.c2ln`;
    expect(decodeJwtPayload(token)).toEqual(payload);
  });

  it('rejects something that is not a JWT', () => {
    expect(() => decodeJwtPayload('opaque-access-token')).toThrow('Not a compact JWT');
    expect(() => decodeJwtPayload('a.b')).toThrow('Not a compact JWT');
  });
});
