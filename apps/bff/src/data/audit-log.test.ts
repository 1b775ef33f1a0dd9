import { auditEventSchema, type AuditEvent } from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openPortalDatabase } from './database.js';
import { testEngines } from './test-engines.js';
import type { NewAuditEvent, PortalDatabase } from './types.js';

const uuidV7Pattern = /^[\da-f]{8}-[\da-f]{4}-7[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;

/** A member removal by an org admin; tests override what they look at. */
function newEvent(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    actor: { userId: 'admin1', email: 'admin@example.com', kind: 'organization_admin' },
    organizationId: 'org-a',
    action: 'member.removed',
    target: { type: 'user', id: 'user1', label: 'user1@example.com' },
    reason: null,
    outcome: 'success',
    errorCode: null,
    requestId: 'req-1',
    ...overrides,
  };
}

const ids = (events: AuditEvent[]) => events.map(({ id }) => id);

describe.each(testEngines())('audit log on $name', { timeout: 30_000 }, (engine) => {
  let clock = Date.parse('2026-03-01T09:00:00.000Z');
  let database: PortalDatabase;
  /** A fresh organization id per test, so tests sharing the database don't see each other's events. */
  let organizations = 0;
  const freshOrganization = () => `org${(organizations += 1)}`;

  /** Appends at `at` (ISO), or at the current clock. */
  async function appendAt(at: string | undefined, overrides: Partial<NewAuditEvent>) {
    if (at) clock = Date.parse(at);
    return database.audit.append(newEvent(overrides));
  }

  beforeAll(async () => {
    await engine.setup();
    database = await openPortalDatabase({ ...(await engine.freshDatabase()), now: () => clock });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await engine.teardown();
  });

  it('stores an event and returns it as the API shows it', async () => {
    const organizationId = freshOrganization();
    clock = Date.parse('2026-03-02T10:11:12.345Z');
    const stored = await database.audit.append(
      newEvent({
        actor: { userId: 'support9', email: null, kind: 'support' },
        organizationId,
        action: 'member.roles_replaced',
        target: { type: 'user', id: 'user7', label: null },
        reason: 'Ticket #4711: customer asked for it',
        outcome: 'failure',
        errorCode: 'member.last_admin',
        requestId: 'req-stored',
        details: {
          before: ['admin'],
          after: ['member'],
          nested: { count: 2, flag: true, none: null },
        },
      }),
    );

    expect(auditEventSchema.parse(stored)).toEqual(stored);
    expect(stored).toEqual({
      id: expect.stringMatching(uuidV7Pattern),
      occurredAt: '2026-03-02T10:11:12.345Z',
      actor: { userId: 'support9', email: null, kind: 'support' },
      organizationId,
      action: 'member.roles_replaced',
      target: { type: 'user', id: 'user7', label: null },
      reason: 'Ticket #4711: customer asked for it',
      outcome: 'failure',
      errorCode: 'member.last_admin',
      requestId: 'req-stored',
      details: {
        before: ['admin'],
        after: ['member'],
        nested: { count: 2, flag: true, none: null },
      },
    });
    const listed = await database.audit.list({ organizationId, page: 1, pageSize: 20 });
    expect(listed).toEqual({ items: [stored], page: 1, pageSize: 20, totalCount: 1 });
  });

  it('stores no details as an empty object', async () => {
    const stored = await database.audit.append(newEvent({ organizationId: freshOrganization() }));
    expect(stored.details).toEqual({});
  });

  it('lists newest first, and events of the same instant by id', async () => {
    const organizationId = freshOrganization();
    const early = await appendAt('2026-03-03T08:00:00.000Z', {
      organizationId,
      requestId: 'early',
    });
    const late = await appendAt('2026-03-03T12:00:00.000Z', { organizationId, requestId: 'late' });
    // The clock steps back: occurredAt, not insertion order, decides.
    const middle = await appendAt('2026-03-03T10:00:00.000Z', {
      organizationId,
      requestId: 'middle',
    });
    clock = Date.parse('2026-03-03T11:00:00.000Z');
    const sameInstant = [];
    for (let index = 0; index < 5; index += 1) {
      sameInstant.push(
        await database.audit.append(
          newEvent({
            organizationId,
            requestId: `same-${index}`,
            actor: { userId: 'tie-actor', email: null, kind: 'member' },
          }),
        ),
      );
    }

    const { items } = await database.audit.list({ organizationId, page: 1, pageSize: 20 });
    const tiedIdsDescending = ids(sameInstant).sort().reverse();
    expect(ids(items)).toEqual([late.id, ...tiedIdsDescending, middle.id, early.id]);
    // The same order when the query takes another path (another index, or a sort).
    const byActor = await database.audit.list({
      organizationId: null,
      actorId: 'tie-actor',
      page: 1,
      pageSize: 20,
    });
    expect(ids(byActor.items)).toEqual(tiedIdsDescending);
    // Ids made by one process grow, so among equal times the latest appended comes first.
    expect(tiedIdsDescending).toEqual(ids(sameInstant).reverse());
  });

  it('lists one organization only, or every organization when asked for null', async () => {
    const local = await openPortalDatabase({ ...(await engine.freshDatabase()), now: () => clock });
    try {
      const inA = await local.audit.append(newEvent({ organizationId: 'org-a' }));
      const inB = await local.audit.append(newEvent({ organizationId: 'org-b' }));
      const inNone = await local.audit.append(
        newEvent({ organizationId: null, action: 'organization.created' }),
      );

      const onlyA = await local.audit.list({ organizationId: 'org-a', page: 1, pageSize: 20 });
      expect(onlyA).toMatchObject({ items: [inA], totalCount: 1 });
      const onlyB = await local.audit.list({ organizationId: 'org-b', page: 1, pageSize: 20 });
      expect(onlyB).toMatchObject({ items: [inB], totalCount: 1 });
      const all = await local.audit.list({ organizationId: null, page: 1, pageSize: 20 });
      expect(new Set(ids(all.items))).toEqual(new Set([inA.id, inB.id, inNone.id]));
      expect(all.totalCount).toBe(3);
      const none = await local.audit.list({ organizationId: 'org-c', page: 1, pageSize: 20 });
      expect(none).toEqual({ items: [], page: 1, pageSize: 20, totalCount: 0 });
    } finally {
      await local.close();
    }
  });

  describe('filters', () => {
    const organizationId = 'org-filters';
    const events: Record<string, AuditEvent> = {};

    beforeAll(async () => {
      const at = (time: string) => `2026-04-01T${time}.000Z`;
      events.removal = await appendAt(at('09:00:00'), {
        organizationId,
        target: { type: 'user', id: 'user1', label: null },
      });
      events.rolesBySupport = await appendAt(at('10:00:00'), {
        organizationId,
        action: 'member.roles_replaced',
        actor: { userId: 'support1', email: 'support@example.com', kind: 'support' },
        target: { type: 'user', id: 'user2', label: null },
        reason: 'Ticket 12',
      });
      events.failedRoles = await appendAt(at('11:00:00'), {
        organizationId,
        action: 'member.roles_replaced',
        target: { type: 'user', id: 'user1', label: null },
        outcome: 'failure',
        errorCode: 'member.last_admin',
      });
      events.settings = await appendAt(at('12:00:00'), {
        organizationId,
        action: 'organization.updated',
        target: { type: 'organization', id: organizationId, label: 'Filters Inc.' },
      });
      // The same kinds of events in another organization must never leak into this one's results.
      await appendAt(at('10:30:00'), {
        organizationId: 'org-elsewhere',
        actor: events.rolesBySupport.actor,
      });
    });

    const list = async (filters: Record<string, string>) =>
      ids((await database.audit.list({ organizationId, page: 1, pageSize: 20, ...filters })).items);

    it('by action', async () => {
      expect(await list({ action: 'member.roles_replaced' })).toEqual([
        events.failedRoles!.id,
        events.rolesBySupport!.id,
      ]);
      expect(await list({ action: 'invitation.created' })).toEqual([]);
    });

    it('by actor', async () => {
      expect(await list({ actorId: 'support1' })).toEqual([events.rolesBySupport!.id]);
      expect(await list({ actorId: 'admin1' })).toEqual([
        events.settings!.id,
        events.failedRoles!.id,
        events.removal!.id,
      ]);
    });

    it('by target', async () => {
      expect(await list({ targetId: 'user1' })).toEqual([
        events.failedRoles!.id,
        events.removal!.id,
      ]);
      expect(await list({ targetId: organizationId })).toEqual([events.settings!.id]);
    });

    it('by outcome', async () => {
      expect(await list({ outcome: 'failure' })).toEqual([events.failedRoles!.id]);
      expect(await list({ outcome: 'success' })).toHaveLength(3);
    });

    it('by time, both bounds inclusive, in any offset', async () => {
      expect(
        await list({ from: '2026-04-01T10:00:00.000Z', to: '2026-04-01T11:00:00.000Z' }),
      ).toEqual([events.failedRoles!.id, events.rolesBySupport!.id]);
      // 12:00+02:00 is 10:00Z.
      expect(await list({ to: '2026-04-01T12:00:00+02:00' })).toEqual([
        events.rolesBySupport!.id,
        events.removal!.id,
      ]);
      expect(await list({ from: '2026-04-01T11:00:00.001Z' })).toEqual([events.settings!.id]);
      expect(await list({ from: '2026-04-02T00:00:00Z' })).toEqual([]);
    });

    it('combined, with the total counting the filtered events only', async () => {
      const page = await database.audit.list({
        organizationId,
        page: 1,
        pageSize: 20,
        action: 'member.roles_replaced',
        targetId: 'user1',
        outcome: 'failure',
        actorId: 'admin1',
        from: '2026-04-01T00:00:00Z',
        to: '2026-04-01T23:59:59Z',
      });
      expect(page).toEqual({ items: [events.failedRoles], page: 1, pageSize: 20, totalCount: 1 });
      const acrossOrganizations = await database.audit.list({
        organizationId: null,
        page: 1,
        pageSize: 20,
        actorId: 'support1',
      });
      expect(acrossOrganizations.totalCount).toBe(2);
      expect(acrossOrganizations.items.map((event) => event.organizationId)).toEqual([
        'org-elsewhere',
        organizationId,
      ]);
    });
  });

  it('pages through every event exactly once, with the total on every page', async () => {
    const organizationId = freshOrganization();
    clock = Date.parse('2026-05-01T00:00:00.000Z');
    const appended: AuditEvent[] = [];
    for (let index = 0; index < 25; index += 1) {
      // Every third event shares its instant with the one before, so ties cross page boundaries too.
      if (index % 3 !== 0) clock += 1000;
      appended.push(
        await database.audit.append(newEvent({ organizationId, requestId: `page-${index}` })),
      );
    }

    const pages = [];
    for (const page of [1, 2, 3, 4])
      pages.push(await database.audit.list({ organizationId, page, pageSize: 10 }));
    expect(pages.map(({ items }) => items.length)).toEqual([10, 10, 5, 0]);
    expect(pages.every(({ totalCount }) => totalCount === 25)).toBe(true);
    expect(pages.map(({ page, pageSize }) => [page, pageSize])).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
    ]);
    expect(pages.flatMap(({ items }) => ids(items))).toEqual(ids(appended).reverse());

    const single = await database.audit.list({ organizationId, page: 7, pageSize: 4 });
    expect(ids(single.items)).toEqual([appended[0]!.id]);
  });
});
