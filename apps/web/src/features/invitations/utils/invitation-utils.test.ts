import type { Invitation } from '@portal/shared';
import { describe, expect, it } from 'vitest';

import { addEmails, splitEmails } from './email-list.js';
import { invitationActions } from './invitation-actions.js';
import {
  invitationsListQuery,
  invitationsSearchFromParams,
  invitationsSearchToParams,
} from './invitations-search.js';
import { relativeTime } from './relative-time.js';

const day = 24 * 60 * 60 * 1000;
const now = Date.UTC(2026, 0, 10, 12);

const invitation = (overrides: Partial<Invitation>): Invitation => ({
  id: 'inv1',
  email: 'a@example.com',
  status: 'Pending',
  roles: [],
  inviter: null,
  createdAt: now - day,
  expiresAt: now + 3 * day,
  acceptedUserId: null,
  ...overrides,
});

describe('splitEmails', () => {
  it('splits on commas, spaces and new lines, normalizing, and keeps the unfinished word while typing', () => {
    expect(
      splitEmails(' A@Example.com, b@example.com\nc@example.com;  d@ex', { final: false }),
    ).toEqual({ emails: ['a@example.com', 'b@example.com', 'c@example.com'], rest: 'd@ex' });
    expect(splitEmails('x@example.com  ', { final: false })).toEqual({
      emails: ['x@example.com'],
      rest: '',
    });
    expect(splitEmails('d@ex', { final: true })).toEqual({ emails: ['d@ex'], rest: '' });
  });
});

describe('addEmails', () => {
  it('validates each address with the BFF rule and drops duplicates', () => {
    const chips = addEmails(
      [{ email: 'a@example.com', valid: true }],
      ['a@example.com', 'not-an-email', 'b@example.com', 'b@example.com'],
    );
    expect(chips).toEqual([
      { email: 'a@example.com', valid: true },
      { email: 'not-an-email', valid: false },
      { email: 'b@example.com', valid: true },
    ]);
  });

  it('keeps at most 100 addresses', () => {
    const many = Array.from({ length: 120 }, (_, index) => `u${index}@example.com`);
    expect(addEmails([], many)).toHaveLength(100);
  });
});

describe('invitationActions', () => {
  it('offers each action only when it applies', () => {
    expect(invitationActions(invitation({}), now)).toEqual([
      'resend',
      'renew',
      'revoke',
      'copyLink',
    ]);
    expect(invitationActions(invitation({ status: 'Expired', expiresAt: now - day }), now)).toEqual(
      ['renew'],
    );
    // Pending by the BFF's clock, expired by now: renew only.
    expect(invitationActions(invitation({ expiresAt: now - 1 }), now)).toEqual(['renew']);
    expect(invitationActions(invitation({ status: 'Accepted' }), now)).toEqual([]);
    expect(invitationActions(invitation({ status: 'Revoked' }), now)).toEqual([]);
  });
});

describe('invitations search in the URL', () => {
  it('reads leniently and writes only what differs from the defaults', () => {
    const search = invitationsSearchFromParams(
      new URLSearchParams('status=Expired&q=%20ada%20&page=2&size=50'),
    );
    expect(search).toEqual({ status: 'Expired', q: 'ada', page: 2, pageSize: 50 });
    expect(invitationsSearchToParams(search).toString()).toBe(
      'status=Expired&q=ada&page=2&size=50',
    );
    expect(invitationsSearchFromParams(new URLSearchParams('status=Bogus&page=-1&size=7'))).toEqual(
      {
        status: undefined,
        q: '',
        page: 1,
        pageSize: 20,
      },
    );
    expect(invitationsListQuery({ status: 'Pending', q: '', page: 1, pageSize: 20 })).toEqual({
      status: 'Pending',
      page: 1,
      pageSize: 20,
    });
  });
});

describe('relativeTime', () => {
  it('says when in words, in the reader’s language', () => {
    expect(relativeTime(now + 3 * day, now, 'en')).toBe('in 3 days');
    expect(relativeTime(now - day, now, 'en')).toBe('yesterday');
    expect(relativeTime(now + 2 * 60 * 60 * 1000, now, 'en')).toBe('in 2 hours');
    expect(relativeTime(now + 3 * day, now, 'zh-CN')).toBe('3天后');
  });
});
