import { describe, expect, it } from 'vitest';

import { MemberScopeCache } from './member-scopes.js';

/** Logto's answers, counted; the cache under test is real. */
function fakeLogto(answers: Record<string, string[]>) {
  const calls: string[] = [];
  return {
    calls,
    logto: {
      getMemberScopes: async (organizationId: string, userId: string) => {
        calls.push(`${organizationId}/${userId}`);
        await Promise.resolve();
        const scopes = answers[`${organizationId}/${userId}`];
        if (!scopes) throw new Error('upstream failure');
        return [...scopes];
      },
    },
  };
}

describe('MemberScopeCache', () => {
  it('keeps an answer for the TTL, then asks again', async () => {
    let now = 1000;
    const answers = { 'o1/u1': ['manage:members'] };
    const { logto, calls } = fakeLogto(answers);
    const cache = new MemberScopeCache(logto.getMemberScopes, 5000, () => now);
    expect(await cache.get('o1', 'u1')).toEqual(['manage:members']);
    now += 4999;
    answers['o1/u1'] = [];
    expect(await cache.get('o1', 'u1')).toEqual(['manage:members']);
    now += 1;
    expect(await cache.get('o1', 'u1')).toEqual([]);
    expect(calls).toEqual(['o1/u1', 'o1/u1']);
  });

  it('shares one upstream call between concurrent checks', async () => {
    const { logto, calls } = fakeLogto({ 'o1/u1': ['read:members'] });
    const cache = new MemberScopeCache(logto.getMemberScopes);
    await Promise.all([cache.get('o1', 'u1'), cache.get('o1', 'u1'), cache.get('o1', 'u1')]);
    expect(calls).toHaveLength(1);
  });

  it('forgets a member the BFF changed, and a deleted organization', async () => {
    const { logto, calls } = fakeLogto({ 'o1/u1': ['a'], 'o1/u2': ['b'], 'o2/u1': ['c'] });
    const cache = new MemberScopeCache(logto.getMemberScopes);
    await Promise.all([cache.get('o1', 'u1'), cache.get('o1', 'u2'), cache.get('o2', 'u1')]);
    cache.forget('o1', 'u1');
    await cache.get('o1', 'u1');
    expect(calls.filter((call) => call === 'o1/u1')).toHaveLength(2);
    cache.forgetOrganization('o1');
    await Promise.all([cache.get('o1', 'u2'), cache.get('o2', 'u1')]);
    expect(calls.filter((call) => call === 'o1/u2')).toHaveLength(2);
    expect(calls.filter((call) => call === 'o2/u1')).toHaveLength(1);
  });

  it('does not remember a failure', async () => {
    const answers: Record<string, string[]> = {};
    const { logto } = fakeLogto(answers);
    const cache = new MemberScopeCache(logto.getMemberScopes);
    await expect(cache.get('o1', 'u1')).rejects.toThrow('upstream failure');
    answers['o1/u1'] = ['read:members'];
    expect(await cache.get('o1', 'u1')).toEqual(['read:members']);
  });
});
