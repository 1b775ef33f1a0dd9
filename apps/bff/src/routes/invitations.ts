import {
  createInvitationsBodySchema,
  createInvitationsResultSchema,
  invitationDeliverySchema,
  invitationLinkSchema,
  invitationParamsSchema,
  invitationSchema,
  isValidInvitationEmail,
  listInvitationsQuerySchema,
  organizationIdParamsSchema,
  organizationPermissions,
  pageOf,
  renewInvitationBodySchema,
  type ErrorName,
  type Invitation,
  type InvitationResult,
} from '@portal/shared';

import type { AuditRecorder } from '../audit/recorder.js';
import type { Actor } from '../auth/types.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Route } from '../http/route.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import { paginationHeaders } from '../lib/pagination.js';
import type {
  InvitationMessage,
  LogtoInvitation,
  LogtoManagementClient,
  LogtoUser,
} from '../logto/types.js';
import { isEmailConnectorMissing, LogtoResponseError } from '../logto/upstream-errors.js';
import { assignableRoles, type RoleTemplate } from '../roles/role-template.js';
import { listHeaders } from './common.js';

export type InvitationsRouteDependencies = {
  logto: LogtoManagementClient;
  roleTemplate: RoleTemplate;
  locks: KeyedLock;
  /** For the one audit event per address of a create request (the request's own event sums them up). */
  recorder: AuditRecorder;
  /** PORTAL_PUBLIC_URL: accept links are `${publicUrl}/invitations/<id>`. */
  publicUrl: string;
};

/** Upstream calls in flight for one create request: 100 addresses never become 100 parallel calls. */
export const invitationConcurrency = 4;

/** Logto's invitation email throttle: 10 per recipient per 10 minutes; it sends no Retry-After. */
const messageThrottleWindowSeconds = 600;

const dayMs = 24 * 60 * 60 * 1000;

export const acceptLink = (publicUrl: string, invitationId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/invitations/${encodeURIComponent(invitationId)}`;

const invitationTarget = (params: Record<string, string>) => ({
  type: 'invitation',
  id: params.invitationId ?? null,
  label: null,
});

/** Logto's answer behind an `ApiError`, when there was one. */
export const upstreamCode = (error: unknown) =>
  error instanceof ApiError && error.cause instanceof LogtoResponseError
    ? { status: error.cause.status, code: error.cause.code }
    : undefined;

/** Logto's per-recipient email throttle as the BFF's 429, saying when to try again. */
export function asThrottle(error: unknown): ApiError | undefined {
  if (!(error instanceof ApiError) || error.errorName !== 'rateLimited') return undefined;
  if (upstreamCode(error)?.code !== 'request.message_rate_limited') return error;
  return new ApiError(
    'rateLimited',
    'Logto sends at most 10 invitation emails to one address every 10 minutes. Try again later.',
    { retryAfter: error.retryAfter ?? messageThrottleWindowSeconds, cause: error.cause },
  );
}

/** Sends the invitation email; without an email connector (or when it fails) the link is the way. */
async function deliver(
  logto: LogtoManagementClient,
  invitationId: string,
  message: InvitationMessage,
): Promise<{ emailSent: true } | { emailSent: false; code?: string }> {
  try {
    await logto.sendInvitationMessage(invitationId, message);
    return { emailSent: true };
  } catch (error) {
    if (isEmailConnectorMissing(error)) return { emailSent: false };
    if (error instanceof ApiError) return { emailSent: false, code: error.code };
    throw error;
  }
}

/** Like Promise.all over `items`, with at most `limit` calls in flight (the upstream budget is shared). */
export async function mapBounded<Item, Result>(
  items: readonly Item[],
  limit: number,
  map: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array<Result>(items.length);
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async () => {
    for (const [index, item] of queue) results[index] = await map(item, index);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Resolves inviters once per request; a user who is gone (or a failed lookup) shows as unknown. */
export function inviterDirectory(logto: LogtoManagementClient) {
  const users = new Map<string, Promise<LogtoUser | undefined>>();
  return (userId: string | null): Promise<LogtoUser | undefined> => {
    if (userId === null) return Promise.resolve(undefined);
    let user = users.get(userId);
    if (!user) {
      user = logto.getUser(userId).catch(() => undefined);
      users.set(userId, user);
    }
    return user;
  };
}

export function toInvitation(
  invitation: LogtoInvitation,
  inviter: LogtoUser | undefined,
): Invitation {
  return {
    id: invitation.id,
    email: invitation.invitee,
    status: invitation.status,
    roles: invitation.organizationRoles.map(({ id, name }) => ({ id, name })),
    inviter:
      invitation.inviterId === null
        ? null
        : {
            id: invitation.inviterId,
            name: inviter?.name ?? inviter?.username ?? null,
            email: inviter?.primaryEmail ?? null,
          },
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    acceptedUserId: invitation.acceptedUserId,
  };
}

/** The admin's side: list, invite many, resend, renew, revoke, copy the link. */
export function createInvitationsRoutes({
  logto,
  roleTemplate,
  locks,
  recorder,
  publicUrl,
}: InvitationsRouteDependencies): Route[] {
  /** The invitation, if it belongs to THIS organization; any other is 404 (nothing about it leaks). */
  const organizationInvitation = async (organizationId: string, invitationId: string) => {
    const invitation = await logto.getInvitation(invitationId);
    if (invitation.organizationId !== organizationId) throw new ApiError('invitationNotFound');
    return invitation;
  };

  /**
   * What the email names besides the link; a lookup that fails leaves a name out, not the email.
   * `inviterOf` is shared with the answer's `withInviter`, so the inviter is looked up once.
   */
  const messageContext = async (
    organizationId: string,
    inviterId: string | null,
    inviterOf = inviterDirectory(logto),
  ): Promise<Omit<InvitationMessage, 'link'>> => {
    const [organization, inviter] = await Promise.all([
      logto.getOrganization(organizationId).catch(() => undefined),
      inviterOf(inviterId),
    ]);
    return {
      ...(organization && { organization: { id: organization.id, name: organization.name } }),
      ...(inviter && {
        inviter: { id: inviter.id, name: inviter.name, username: inviter.username },
      }),
    };
  };

  const withInviter = async (invitation: LogtoInvitation, inviterOf = inviterDirectory(logto)) =>
    toInvitation(invitation, await inviterOf(invitation.inviterId));

  /** Whether the address belongs to a member (Logto's member search, then an exact email match). */
  const isMember = async (organizationId: string, email: string) => {
    const page = await logto.listMembers(organizationId, { q: email, page: 1, pageSize: 100 });
    return page.items.some((member) => member.primaryEmail?.toLowerCase() === email);
  };

  const inviteOne = async (
    email: string,
    context: {
      organizationId: string;
      inviterId: string;
      expiresAt: number;
      roleIds: string[];
      pending: Map<string, string>;
      message: Omit<InvitationMessage, 'link'>;
    },
  ): Promise<InvitationResult> => {
    if (!isValidInvitationEmail(email)) return { email, outcome: 'invalid' };
    const pendingId = context.pending.get(email);
    if (pendingId !== undefined)
      return { email, outcome: 'already_invited', invitationId: pendingId };
    let invitation: LogtoInvitation;
    try {
      if (await isMember(context.organizationId, email))
        return { email, outcome: 'already_member' };
      invitation = await logto.createInvitation({
        organizationId: context.organizationId,
        invitee: email,
        inviterId: context.inviterId,
        expiresAt: context.expiresAt,
        organizationRoleIds: context.roleIds,
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // What the checks above can miss (a concurrent request, a member whose email differs in case):
      // Logto's own refusals, told apart by its code.
      const upstream = upstreamCode(error);
      if (upstream?.status === 422 && upstream.code === 'entity.unique_integrity_violation')
        return { email, outcome: 'already_invited' };
      if (upstream?.status === 422 && upstream.code === 'request.invalid_input')
        return { email, outcome: 'already_member' };
      return { email, outcome: 'failed', code: error.code };
    }
    const link = acceptLink(publicUrl, invitation.id);
    const delivery = await deliver(logto, invitation.id, { ...context.message, link });
    return delivery.emailSent
      ? { email, outcome: 'created', invitationId: invitation.id, emailSent: true }
      : {
          email,
          outcome: 'created',
          invitationId: invitation.id,
          emailSent: false,
          link,
          ...(delivery.code === undefined ? {} : { code: delivery.code }),
        };
  };

  const recordPerAddress = async (
    actor: Actor,
    requestId: string,
    reason: string | null,
    organizationId: string,
    result: InvitationResult,
  ) => {
    if (result.outcome !== 'created' && result.outcome !== 'failed') return;
    await recorder.record({
      actor,
      organizationId,
      action: 'invitation.created',
      target: { type: 'invitation', id: result.invitationId ?? null, label: result.email },
      reason,
      outcome: result.outcome === 'created' ? 'success' : 'failure',
      errorCode: result.outcome === 'failed' ? (result.code ?? null) : null,
      requestId,
      details: {
        ...(result.emailSent === undefined ? {} : { emailSent: result.emailSent }),
        ...(result.code === undefined ? {} : { code: result.code }),
      },
    });
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/orgs/:orgId/invitations',
      operationId: 'listInvitations',
      summary: 'List the organization’s invitations',
      description:
        'Newest first. Filter by `status` (`Expired` = pending past its expiry) and search the address (`q`); paginated by the BFF (Logto’s list is not).',
      tags: ['Invitations'],
      access: { kind: 'organization', permission: organizationPermissions.inviteMembers },
      request: { params: organizationIdParamsSchema, query: listInvitationsQuerySchema },
      responses: {
        200: {
          description: 'A page of invitations',
          schema: pageOf(invitationSchema),
          headers: listHeaders,
        },
      },
      handle: async ({ params: { orgId }, query, url }) => {
        const q = query.q?.toLowerCase();
        const matching = (await logto.listInvitations({ organizationId: orgId })).filter(
          (invitation) =>
            // Filtered by organization upstream already; again here, so nothing else can leave.
            invitation.organizationId === orgId &&
            (query.status === undefined || invitation.status === query.status) &&
            (q === undefined || q === '' || invitation.invitee.toLowerCase().includes(q)),
        );
        // Logto promises no order among invitations made in the same millisecond (a batch is made
        // concurrently): the id breaks ties, so pages never repeat or skip one.
        matching.sort(
          (left, right) => right.createdAt - left.createdAt || left.id.localeCompare(right.id),
        );
        const start = (query.page - 1) * query.pageSize;
        const slice = matching.slice(start, start + query.pageSize);
        const inviterOf = inviterDirectory(logto);
        const items = await mapBounded(slice, invitationConcurrency, async (invitation) =>
          toInvitation(invitation, await inviterOf(invitation.inviterId)),
        );
        const body = {
          items,
          page: query.page,
          pageSize: query.pageSize,
          totalCount: matching.length,
        };
        return { status: 200, body, headers: paginationHeaders(url, body) };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/orgs/:orgId/invitations',
      operationId: 'createInvitations',
      summary: 'Invite 1 to 100 email addresses',
      description: [
        'Each address gets its own result: `created` (with `emailSent`; when no email could be sent, the `link` to share by hand),',
        '`already_member`, `already_invited` (a pending invitation exists), `invalid`, or `failed` (with the error `code`).',
        'Addresses are trimmed, lower-cased and de-duplicated. With an `Idempotency-Key`, a retry creates nothing twice and gets the first answer.',
        `At most ${invitationConcurrency} upstream calls at a time.`,
      ].join(' '),
      tags: ['Invitations'],
      access: { kind: 'organization', permission: organizationPermissions.inviteMembers },
      request: { params: organizationIdParamsSchema, body: createInvitationsBodySchema },
      responses: {
        201: { description: 'One result per address', schema: createInvitationsResultSchema },
      },
      errors: ['roleNotFound', 'roleNotAssignable', 'idempotencyKeyReused', 'conflict'],
      idempotent: true,
      audit: {
        action: 'invitation.created',
        target: () => ({ type: 'invitations', id: null, label: null }),
      },
      handle: async ({ params: { orgId }, body, actor, requestId, reason, audit }) => {
        audit.details = { emails: body.emails.length, roleIds: body.roleIds };
        const roles = assignableRoles(
          await roleTemplate.roles({ fresh: true }),
          body.roleIds,
          'body.roleIds',
        );
        const expiresAt = Date.now() + body.expiresInDays * dayMs;
        const pending = new Map(
          (await logto.listInvitations({ organizationId: orgId }))
            .filter(
              (invitation) =>
                invitation.organizationId === orgId && invitation.status === 'Pending',
            )
            .map((invitation) => [invitation.invitee.toLowerCase(), invitation.id]),
        );
        const message = await messageContext(orgId, actor.userId);
        const results = await mapBounded(body.emails, invitationConcurrency, async (email) => {
          const result = await inviteOne(email, {
            organizationId: orgId,
            inviterId: actor.userId,
            expiresAt,
            roleIds: roles.map(({ id }) => id),
            pending,
            message,
          });
          await recordPerAddress(actor, requestId, reason, orgId, result);
          return result;
        });
        const count = (outcome: InvitationResult['outcome']) =>
          results.filter((result) => result.outcome === outcome).length;
        audit.target = {
          label: `${body.emails.length} ${body.emails.length === 1 ? 'address' : 'addresses'}`,
        };
        audit.details = {
          roles: roles.map(({ id, name }) => ({ id, name })),
          expiresAt,
          created: count('created'),
          alreadyMember: count('already_member'),
          alreadyInvited: count('already_invited'),
          invalid: count('invalid'),
          failed: count('failed'),
          results: results.map(({ email, outcome, invitationId, emailSent, code }) => ({
            email,
            outcome,
            ...(invitationId === undefined ? {} : { invitationId }),
            ...(emailSent === undefined ? {} : { emailSent }),
            ...(code === undefined ? {} : { code }),
          })),
        };
        return { status: 201, body: { results } };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/orgs/:orgId/invitations/:invitationId/resend',
      operationId: 'resendInvitation',
      summary: 'Send the invitation email again',
      description:
        'Pending, unexpired invitations only (409 `invitation.not_resendable`; renew an expired one). Logto’s per-recipient throttle is a 429 with `retryAfter`. Without an email connector, `emailSent` is false and the `link` is to be shared by hand.',
      tags: ['Invitations'],
      access: { kind: 'organization', permission: organizationPermissions.inviteMembers },
      request: { params: invitationParamsSchema },
      responses: { 200: { description: 'Sent (or not)', schema: invitationDeliverySchema } },
      errors: ['invitationNotFound', 'invitationNotResendable', 'rateLimited'],
      audit: { action: 'invitation.resent', target: invitationTarget },
      handle: async ({ params: { orgId, invitationId }, audit }) => {
        const invitation = await organizationInvitation(orgId, invitationId);
        audit.target = { label: invitation.invitee };
        if (invitation.status !== 'Pending') {
          throw new ApiError(
            'invitationNotResendable',
            invitation.status === 'Expired'
              ? 'The invitation has expired: renew it to send a new one.'
              : undefined,
          );
        }
        const link = acceptLink(publicUrl, invitation.id);
        const inviterOf = inviterDirectory(logto);
        let emailSent = true;
        try {
          await logto.sendInvitationMessage(invitation.id, {
            ...(await messageContext(orgId, invitation.inviterId, inviterOf)),
            link,
          });
        } catch (error) {
          const throttle = asThrottle(error);
          if (throttle) throw throttle;
          if (!isEmailConnectorMissing(error)) throw error;
          emailSent = false;
        }
        audit.details = { emailSent };
        return {
          status: 200,
          body: { invitation: await withInviter(invitation, inviterOf), emailSent, link },
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/orgs/:orgId/invitations/:invitationId/renew',
      operationId: 'renewInvitation',
      summary: 'Replace a pending or expired invitation with a new one',
      description:
        'A new invitation to the same address with the same roles and a fresh expiry (default 7 days); the old one is revoked first (Logto allows one pending invitation per address), then the email is sent. Accepted or revoked invitations: 409 `invitation.not_pending`.',
      tags: ['Invitations'],
      access: { kind: 'organization', permission: organizationPermissions.inviteMembers },
      request: { params: invitationParamsSchema, body: renewInvitationBodySchema },
      responses: {
        201: { description: 'The new invitation', schema: invitationDeliverySchema },
      },
      errors: ['invitationNotFound', 'invitationNotPending', 'conflict'],
      audit: { action: 'invitation.renewed', target: invitationTarget },
      handle: async ({ params: { orgId, invitationId }, body, actor, audit }) =>
        // One renewal at a time per organization: two at once would both revoke and re-create.
        locks.run(`invitations:${orgId}`, async () => {
          const old = await organizationInvitation(orgId, invitationId);
          audit.target = { label: old.invitee };
          if (old.status !== 'Pending' && old.status !== 'Expired')
            throw new ApiError('invitationNotPending');
          if (old.status === 'Pending') await logto.setInvitationStatus(old.id, 'Revoked');
          const renewed = await logto.createInvitation({
            organizationId: orgId,
            invitee: old.invitee,
            inviterId: actor.userId,
            expiresAt: Date.now() + body.expiresInDays * dayMs,
            organizationRoleIds: old.organizationRoles.map(({ id }) => id),
          });
          const link = acceptLink(publicUrl, renewed.id);
          const inviterOf = inviterDirectory(logto);
          const delivery = await deliver(logto, renewed.id, {
            ...(await messageContext(orgId, actor.userId, inviterOf)),
            link,
          });
          audit.details = {
            replacedInvitationId: old.id,
            newInvitationId: renewed.id,
            emailSent: delivery.emailSent,
          };
          return {
            status: 201,
            body: {
              invitation: await withInviter(renewed, inviterOf),
              link,
              ...delivery,
            },
          };
        }),
    }),

    defineRoute({
      method: 'post',
      path: '/api/orgs/:orgId/invitations/:invitationId/revoke',
      operationId: 'revokeInvitation',
      summary: 'Revoke a pending invitation',
      description:
        'Its link stops working. Only pending invitations (409 `invitation.not_pending` otherwise, expired ones included).',
      tags: ['Invitations'],
      access: { kind: 'organization', permission: organizationPermissions.inviteMembers },
      request: { params: invitationParamsSchema },
      responses: { 200: { description: 'The revoked invitation', schema: invitationSchema } },
      errors: ['invitationNotFound', 'invitationNotPending', 'conflict'],
      audit: { action: 'invitation.revoked', target: invitationTarget },
      handle: async ({ params: { orgId, invitationId }, audit }) => {
        const invitation = await organizationInvitation(orgId, invitationId);
        audit.target = { label: invitation.invitee };
        if (invitation.status !== 'Pending')
          throw new ApiError(
            'invitationNotPending',
            `The invitation is ${invitation.status.toLowerCase()}: only pending invitations can be revoked.`,
          );
        const revoked = await logto.setInvitationStatus(invitation.id, 'Revoked');
        return { status: 200, body: await withInviter(revoked) };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/orgs/:orgId/invitations/:invitationId/link',
      operationId: 'getInvitationLink',
      summary: 'The invitation’s accept link, to copy',
      tags: ['Invitations'],
      access: { kind: 'organization', permission: organizationPermissions.inviteMembers },
      request: { params: invitationParamsSchema },
      responses: { 200: { description: 'The accept link', schema: invitationLinkSchema } },
      errors: ['invitationNotFound'],
      handle: async ({ params: { orgId, invitationId } }) => {
        const invitation = await organizationInvitation(orgId, invitationId);
        return { status: 200, body: { link: acceptLink(publicUrl, invitation.id) } };
      },
    }),
  ];
}

/** For the invitee's side: which failure code a non-acceptable invitation gets. */
export const invitationStateErrors = {
  Accepted: 'invitationAlreadyAccepted',
  Revoked: 'invitationRevoked',
  Expired: 'invitationExpired',
} as const satisfies Record<string, ErrorName>;
