import { describe, expect, it } from 'vitest';

import { displayName, profileFromClaims } from './get-profile.js';

describe('profileFromClaims', () => {
  it('reads the profile from ID token claims, treating null as unset', () => {
    const profile = profileFromClaims({
      sub: '04typr7o3hpe',
      name: null,
      username: 'browser_user',
      email: null,
    });
    expect(profile).toEqual({
      userId: '04typr7o3hpe',
      name: undefined,
      username: 'browser_user',
      email: undefined,
    });
    expect(displayName(profile)).toBe('browser_user');
  });

  it('prefers the name, and falls back to the id', () => {
    expect(
      displayName(profileFromClaims({ sub: 'u1', name: 'Ada', email: 'ada@example.com' })),
    ).toBe('Ada');
    expect(displayName(profileFromClaims({ sub: 'u1' }))).toBe('u1');
  });

  it('requires a subject', () => {
    expect(() => profileFromClaims({ name: 'Ada' })).toThrow();
  });
});
