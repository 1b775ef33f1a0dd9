import { auditActions, type AuditEvent } from '@portal/shared';
import { describe, expect, it } from 'vitest';

import { auditActionKey, describeAuditEvent } from './describe-audit-event.js';

const event = (overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  id: 'e1',
  occurredAt: '2025-01-31T10:00:00.000Z',
  actor: { userId: 'ada1', email: 'ada@example.com', kind: 'organization_admin' },
  organizationId: 'acme1',
  action: 'member.removed',
  target: { type: 'user', id: 'bob1', label: 'Bob Becker' },
  reason: null,
  outcome: 'success',
  errorCode: null,
  requestId: 'r1',
  details: {},
  ...overrides,
});

describe('describeAuditEvent', () => {
  it('names the actor, the person acted on and the organization', () => {
    expect(describeAuditEvent(event(), { organizationName: 'Acme Corp' })).toMatchObject({
      key: 'member_removed',
      actor: 'ada@example.com',
      target: 'Bob Becker',
      organization: 'Acme Corp',
      actorIsSupport: false,
      failed: false,
      failure: undefined,
    });
  });

  it('calls the viewer by their name, and support staff as support with their reason', () => {
    expect(
      describeAuditEvent(event(), {
        organizationName: 'Acme Corp',
        viewer: { id: 'ada1', name: 'Ada Admin' },
      }).actor,
    ).toBe('Ada Admin');
    const support = describeAuditEvent(
      event({
        actor: { userId: 'sam1', email: 'sam@example.com', kind: 'support' },
        reason: 'Ticket #4411: customer asked us to remove Bob',
      }),
      { organizationName: 'Acme Corp', viewer: { id: 'ada1', name: 'Ada Admin' } },
    );
    expect(support).toMatchObject({
      actor: 'sam@example.com',
      actorIsSupport: true,
      reason: 'Ticket #4411: customer asked us to remove Bob',
    });
  });

  it('says which roles changed when the event records them (names or role references)', () => {
    const described = describeAuditEvent(
      event({
        action: 'member.roles_replaced',
        details: { before: [{ id: 'r1', name: 'member' }], after: ['admin', 'billing'] },
      }),
      { organizationName: 'Acme Corp' },
    );
    expect(described).toMatchObject({
      key: 'member_roles_replaced_roles',
      before: ['member'],
      after: ['admin', 'billing'],
    });
    // Alphabetical, however the event listed them.
    expect(
      describeAuditEvent(
        event({
          action: 'member.roles_replaced',
          details: { before: [], after: ['member', 'admin'] },
        }),
        { organizationName: 'Acme Corp' },
      ).after,
    ).toEqual(['admin', 'member']);
    // Without the details it still reads, just less specifically.
    expect(
      describeAuditEvent(event({ action: 'member.roles_replaced', details: { before: 'x' } }), {
        organizationName: 'Acme Corp',
      }).key,
    ).toBe('member_roles_replaced');
  });

  it('counts the members of a bulk assignment and names the roles given', () => {
    expect(
      describeAuditEvent(
        event({
          action: 'members.roles_assigned',
          target: { type: 'members', id: null, label: '2 members' },
          details: { userIds: ['u1', 'u2'], roles: [{ id: 'r1', name: 'admin' }] },
        }),
        { organizationName: 'Acme Corp' },
      ),
    ).toMatchObject({ key: 'members_roles_assigned_roles', memberCount: 2, roles: ['admin'] });
  });

  it('counts the addresses of an invitation batch, but not a single invitation', () => {
    const batch = event({
      action: 'invitation.created',
      target: { type: 'invitations', id: null, label: '1 addresses' },
      details: { created: 1, results: [{ email: 'rosa@newco.test', outcome: 'created' }] },
    });
    expect(describeAuditEvent(batch, { organizationName: 'Acme Corp' })).toMatchObject({
      key: 'invitation_created',
      addressCount: 1,
    });
    const single = event({
      action: 'invitation.created',
      target: { type: 'invitation', id: 'i1', label: 'rosa@newco.test' },
      details: { emailSent: true },
    });
    expect(describeAuditEvent(single, { organizationName: 'Acme Corp' })).toMatchObject({
      target: 'rosa@newco.test',
      addressCount: undefined,
    });
  });

  it('names the settings a change touched, known ones only, in the form’s order', () => {
    expect(
      describeAuditEvent(
        event({
          action: 'organization.updated',
          target: { type: 'organization', id: 'acme1', label: 'Acme Corp' },
          details: { changed: ['color', 'name', 'somethingNew'] },
        }),
        { organizationName: 'Acme Corp' },
      ),
    ).toMatchObject({ key: 'organization_updated_fields', fields: ['name', 'color'] });
    expect(
      describeAuditEvent(event({ action: 'organization.updated', details: {} }), {
        organizationName: 'Acme Corp',
      }).key,
    ).toBe('organization_updated');
  });

  it('explains a failure with the SPA’s words for its error code', () => {
    expect(
      describeAuditEvent(event({ outcome: 'failure', errorCode: 'member.last_admin' }), {
        organizationName: undefined,
      }),
    ).toMatchObject({ failed: true, failure: 'lastAdmin', organization: 'acme1' });
    expect(
      describeAuditEvent(event({ outcome: 'failure', errorCode: 'something.new' }), {
        organizationName: 'Acme',
      }).failure,
    ).toBe('unexpected');
  });

  it('falls back to the target id or type when no label was recorded', () => {
    expect(
      describeAuditEvent(event({ target: { type: 'user', id: 'bob1', label: null } }), {
        organizationName: 'Acme',
      }).target,
    ).toBe('bob1');
    expect(
      describeAuditEvent(event({ target: { type: 'organization', id: null, label: null } }), {
        organizationName: 'Acme',
      }).target,
    ).toBe('organization');
  });

  it('has a translation key for every action', () => {
    const keys = auditActions.map(auditActionKey);
    expect(new Set(keys).size).toBe(auditActions.length);
    for (const key of keys) expect(key).toMatch(/^[a-z_]+$/);
  });
});
