import { createApiClient } from '@logto/api/management';
import type { RoleRef } from '@portal/shared';
import type { Logger } from 'pino';

import { createManagementTokenSource } from './management-token.js';
import type {
  LogtoInvitation,
  LogtoManagementClient,
  LogtoMember,
  LogtoOrganization,
  LogtoOrganizationRole,
  LogtoPage,
  LogtoUser,
  OrganizationPatch,
} from './types.js';
import { createTokenBucket, type UpstreamBudget } from './upstream-budget.js';
import {
  logtoErrorCode,
  parseRetryAfter,
  thrownFailure,
  toApiError,
  type FailureContext,
  type UpstreamFailure,
} from './upstream-errors.js';

/**
 * The one module that talks to Logto's Management API (DESIGN.md section 6), on @logto/api's typed
 * client (`createApiClient` + our own token provider). Around every call:
 * - the M2M token (management-token.ts): cached, single-flight, dropped and fetched again once on a 401;
 * - the upstream budget (upstream-budget.ts): a token bucket, callers queue rather than fail;
 * - a timeout per attempt, and retries with jittered exponential backoff for idempotent calls
 *   (GET, PUT, DELETE) on 429 (honouring `Retry-After`), 502, 503, 504 and connection errors. Other
 *   calls (POST, PATCH, and the invitation status PUT, which Logto refuses the second time) are only
 *   sent again when the first attempt provably never left: connection refused, or no token yet;
 * - error mapping (upstream-errors.ts): Logto's answers become the BFF's named `ApiError`s.
 *
 * Logto quirks handled here, so routes never see them (shared/logto/CONTRACT.md section 10):
 * - PATCH organization *replaces* `customData`, `branding` and `color`: `updateOrganization` sends what
 *   it is given as the full new value; callers merge first (read, merge, write). An empty patch is not
 *   sent (Logto builds an empty SET); it reads the organization instead.
 * - Invitation lists are global and unpaginated: always filtered by organization (again, locally, so a
 *   Logto ignoring the filter cannot leak another organization's invitations); the BFF paginates.
 * - `Expired` is computed from `expiresAt`, never trusted from a stored status.
 * - User search wants flat query keys (`search.primaryEmail`), which the typed client would serialise as
 *   `search_params[...]`; `findUsers` writes them itself.
 * - Page totals come from the `Total-Number` header; `listMemberIdsWithRole` and
 *   `listOrganizationRoles` walk every page (100 per page, Logto's maximum).
 */

export type ManagementClientConfig = {
  /** Logto's origin (the Management API is under `/api`). */
  endpoint: string;
  /** Defaults to `${endpoint}/oidc/token`; Logto Cloud with a custom domain needs the default domain's. */
  tokenEndpoint?: string;
  /** `https://default.logto.app/api` on Logto OSS, `https://<tenant>.logto.app/api` on Logto Cloud. */
  managementApiResource: string;
  appId: string;
  appSecret: string;
  rateLimit: { requests: number; perMs: number };
  /** Per attempt; the token request has the same limit. */
  timeoutMs: number;
  /** Extra attempts after the first, for calls that may be retried. */
  retries: number;
  logger?: Logger;
  /** Replaces the in-process bucket built from `rateLimit` (e.g. one shared by replicas via Redis). */
  budget?: UpstreamBudget;
  /** First backoff step; doubles each retry, with jitter (default 200 ms). */
  retryBaseDelayMs?: number;
  /** The longest `Retry-After` waited out (default 10 s); a longer one fails at once with rateLimited. */
  maxRetryAfterMs?: number;
};

/** Logto Cloud's guidance: about 200 Management API requests per 10 s per tenant. */
export const defaultUpstreamRateLimit = { requests: 200, perMs: 10_000 } as const;

export type ManagementClient = LogtoManagementClient & {
  /** Stops the budget's timers; calls still queued fail with upstreamUnavailable. */
  close(): void;
};

type ManagementApi = ReturnType<typeof createApiClient>;

/** What every openapi-fetch call resolves to. */
type ApiResult<Data> = { data?: Data; error?: unknown; response: Response };

type ResponseFailure = Extract<UpstreamFailure, { kind: 'response' }>;

type CallOptions = FailureContext & {
  /** For logs, e.g. `GET /api/organizations/{id}`. */
  operation: string;
  /** Whether sending it twice is harmless (so it may be retried on 5xx, 429 and broken connections). */
  idempotent: boolean;
  /** Overrides the configured retry count (ping: none). */
  retries?: number;
  /** Logto answers this call may give that are results, not errors (returned instead of thrown). */
  tolerate?: (failure: ResponseFailure) => boolean;
};

const pageSizeMax = 100;
const maxBackoffMs = 5_000;
const reasonsRetriedForAnyCall = new Set(['ECONNREFUSED']);

export function createManagementClient(config: ManagementClientConfig): ManagementClient {
  const { logger } = config;
  const tokens = createManagementTokenSource({
    tokenEndpoint: config.tokenEndpoint ?? `${config.endpoint.replace(/\/+$/, '')}/oidc/token`,
    managementApiResource: config.managementApiResource,
    appId: config.appId,
    appSecret: config.appSecret,
    timeoutMs: config.timeoutMs,
    logger,
  });
  const budget = config.budget ?? createTokenBucket(config.rateLimit);
  const retryBaseDelayMs = config.retryBaseDelayMs ?? 200;
  const maxRetryAfterMs = config.maxRetryAfterMs ?? 10_000;

  const api: ManagementApi = createApiClient({
    baseUrl: config.endpoint,
    getToken: () => tokens.get(),
  });
  api.use({
    // Runs after @logto/api's middleware set the header, so this is exactly the token Logto refused.
    onResponse({ request, response }) {
      if (response.status !== 401) return;
      const authorization = request.headers.get('authorization');
      if (authorization?.startsWith('Bearer '))
        tokens.invalidate(authorization.slice('Bearer '.length));
    },
  });

  /** How long to wait before sending again, or undefined when this failure must not be retried. */
  const retryDelay = (failure: UpstreamFailure, call: CallOptions, retry: number) => {
    const backoff = () => {
      const ceiling = Math.min(maxBackoffMs, retryBaseDelayMs * 2 ** retry);
      return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    };
    switch (failure.kind) {
      case 'response': {
        if (!call.idempotent) return undefined;
        if (failure.status === 429) {
          // A per-recipient email throttle (10 per 10 min) will not lift within any wait of ours.
          if (failure.code === 'request.message_rate_limited') return undefined;
          if (failure.retryAfter === undefined) return backoff();
          const waitMs = failure.retryAfter * 1000;
          // A little jitter so that replicas told the same thing do not come back in lockstep.
          return waitMs > maxRetryAfterMs ? undefined : waitMs + Math.round(Math.random() * 100);
        }
        return [502, 503, 504].includes(failure.status) ? backoff() : undefined;
      }
      case 'unreachable':
        return call.idempotent || reasonsRetriedForAnyCall.has(failure.code ?? '')
          ? backoff()
          : undefined;
      case 'token': {
        // Nothing reached the Management API yet, so any call may go again.
        const { kind, status } = failure.error;
        return kind === 'unreachable' ||
          (kind === 'failed' && [502, 503, 504].includes(status ?? 0))
          ? backoff()
          : undefined;
      }
      case 'timeout':
      case 'budget-closed':
      case 'malformed':
        return undefined;
    }
  };

  const describeFailure = (failure: UpstreamFailure) =>
    failure.kind === 'response'
      ? { status: failure.status, code: failure.code }
      : failure.kind === 'token'
        ? { token: failure.error.kind, status: failure.error.status }
        : failure.kind === 'unreachable'
          ? { unreachable: failure.code ?? true }
          : { failure: failure.kind };

  /**
   * Sends one Management API call with budget, timeout, token refresh, retries and error mapping.
   * Calls whose answer body is not used pass `parseAs: 'text'`: some are `Created` as text/plain.
   */
  async function send<Data>(
    call: CallOptions,
    request: (signal: AbortSignal) => Promise<ApiResult<Data>>,
  ): Promise<ApiResult<Data>> {
    const maxRetries = call.retries ?? config.retries;
    let retries = 0;
    let tokenRenewed = false;
    for (;;) {
      let failure: UpstreamFailure;
      let timeout: AbortSignal | undefined;
      try {
        await budget.take();
        timeout = AbortSignal.timeout(config.timeoutMs);
        const result = await request(timeout);
        if (result.response.ok) return result;
        failure = {
          kind: 'response',
          status: result.response.status,
          code: logtoErrorCode(result.error),
          retryAfter: parseRetryAfter(result.response.headers.get('retry-after')),
        };
        if (call.tolerate?.(failure)) return result;
      } catch (error) {
        const classified = thrownFailure(error, timeout?.aborted ?? false);
        if (classified === undefined) throw error;
        failure = classified;
      }

      if (failure.kind === 'response' && failure.status === 401 && !tokenRenewed) {
        // The middleware dropped the refused token; one more try with a fresh one.
        tokenRenewed = true;
        logger?.warn(
          { operation: call.operation },
          'Logto refused the Management API token; fetching a new one',
        );
        continue;
      }
      const delayMs = retries < maxRetries ? retryDelay(failure, call, retries) : undefined;
      if (delayMs === undefined) {
        // "No such member" and the like are answers, not trouble; the rest is worth a warning.
        const isAnswer =
          failure.kind === 'response' &&
          failure.status >= 400 &&
          failure.status < 500 &&
          ![401, 403, 429].includes(failure.status);
        logger?.[isAnswer ? 'debug' : 'warn'](
          { operation: call.operation, ...describeFailure(failure) },
          'Management API call failed',
        );
        throw toApiError(failure, call);
      }
      retries += 1;
      logger?.warn(
        { operation: call.operation, ...describeFailure(failure), retry: retries, delayMs },
        'Management API call failed; retrying',
      );
      await sleep(delayMs);
    }
  }

  /** `send`, for calls whose success carries a body. */
  async function read<Data>(
    call: CallOptions,
    request: (signal: AbortSignal) => Promise<ApiResult<Data>>,
  ): Promise<{ data: Data; response: Response }> {
    const { data, response } = await send(call, request);
    if (data === undefined) {
      logger?.warn(
        { operation: call.operation, status: response.status },
        'Management API answered without a body',
      );
      throw toApiError({ kind: 'malformed' }, call);
    }
    return { data, response };
  }

  const totalCount = (response: Response, fallback: number) => {
    const total = Number(response.headers.get('total-number'));
    return Number.isSafeInteger(total) && total >= 0 ? total : fallback;
  };

  async function membersPage(
    organizationId: string,
    query: { q?: string; roleId?: string; page: number; pageSize: number },
  ): Promise<LogtoPage<LogtoMember>> {
    const { data, response } = await read(
      {
        operation: 'GET /api/organizations/{id}/users',
        idempotent: true,
        notFound: 'organizationNotFound',
      },
      (signal) =>
        api.GET('/api/organizations/{id}/users', {
          params: {
            path: { id: organizationId },
            query: {
              page: query.page,
              page_size: query.pageSize,
              ...(query.q ? { q: query.q } : {}),
              ...(query.roleId ? { organizationRoleId: query.roleId } : {}),
            },
          },
          signal,
        }),
    );
    return {
      items: data.map((member) => ({
        ...toUser(member),
        organizationRoles: toRoleRefs(member.organizationRoles),
      })),
      totalCount: totalCount(response, (query.page - 1) * query.pageSize + data.length),
    };
  }

  /** Every item of a paginated list, `pageSizeMax` at a time, until a short page or the total. */
  async function everyPage<Item>(
    fetchPage: (page: number) => Promise<{ items: Item[]; totalCount: number }>,
  ): Promise<Item[]> {
    const all: Item[] = [];
    for (let page = 1; ; page += 1) {
      const { items, totalCount: total } = await fetchPage(page);
      all.push(...items);
      if (items.length < pageSizeMax || all.length >= total) return all;
    }
  }

  async function organizationRolesPage(page: number) {
    const { data, response } = await read(
      { operation: 'GET /api/organization-roles', idempotent: true, notFound: 'notFound' },
      (signal) =>
        api.GET('/api/organization-roles', {
          params: { query: { page, page_size: pageSizeMax } },
          signal,
        }),
    );
    return {
      items: data.map((role) => ({
        id: role.id,
        name: role.name,
        description: role.description,
        type: role.type,
        scopes: role.scopes.map((scope) => scope.name),
      })),
      totalCount: totalCount(response, (page - 1) * pageSizeMax + data.length),
    };
  }

  const listOrganizationRoles = (): Promise<LogtoOrganizationRole[]> =>
    everyPage(organizationRolesPage);

  const client: ManagementClient = {
    async ping() {
      await read(
        {
          operation: 'GET /api/organizations (ping)',
          idempotent: true,
          notFound: 'notFound',
          retries: 0,
        },
        (signal) =>
          api.GET('/api/organizations', { params: { query: { page: 1, page_size: 1 } }, signal }),
      );
    },

    async listOrganizations(query) {
      const { data, response } = await read(
        { operation: 'GET /api/organizations', idempotent: true, notFound: 'notFound' },
        (signal) =>
          api.GET('/api/organizations', {
            params: {
              query: {
                page: query.page,
                page_size: query.pageSize,
                ...(query.q ? { q: query.q } : {}),
              },
            },
            signal,
          }),
      );
      return {
        items: data.map(toOrganization),
        totalCount: totalCount(response, (query.page - 1) * query.pageSize + data.length),
      };
    },

    async getOrganization(organizationId) {
      const { data } = await read(
        {
          operation: 'GET /api/organizations/{id}',
          idempotent: true,
          notFound: 'organizationNotFound',
        },
        (signal) =>
          api.GET('/api/organizations/{id}', { params: { path: { id: organizationId } }, signal }),
      );
      return toOrganization(data);
    },

    async createOrganization(input) {
      const { data } = await read(
        { operation: 'POST /api/organizations', idempotent: false, notFound: 'notFound' },
        (signal) =>
          api.POST('/api/organizations', {
            body: {
              name: input.name,
              ...(input.description === undefined ? {} : { description: input.description }),
            },
            signal,
          }),
      );
      return toOrganization(data);
    },

    async updateOrganization(organizationId, patch) {
      const body = organizationPatchBody(patch);
      if (Object.keys(body).length === 0) return client.getOrganization(organizationId);
      const { data } = await read(
        {
          operation: 'PATCH /api/organizations/{id}',
          idempotent: false,
          notFound: 'organizationNotFound',
        },
        (signal) =>
          api.PATCH('/api/organizations/{id}', {
            params: { path: { id: organizationId } },
            body,
            signal,
          }),
      );
      return toOrganization(data);
    },

    async deleteOrganization(organizationId) {
      await send(
        {
          operation: 'DELETE /api/organizations/{id}',
          idempotent: true,
          notFound: 'organizationNotFound',
        },
        (signal) =>
          api.DELETE('/api/organizations/{id}', {
            params: { path: { id: organizationId } },
            parseAs: 'text',
            signal,
          }),
      );
    },

    listMembers: membersPage,

    async listMemberIdsWithRole(organizationId, roleId) {
      const members = await everyPage((page) =>
        membersPage(organizationId, { roleId, page, pageSize: pageSizeMax }),
      );
      return members.map((member) => member.id);
    },

    async getMemberRoles(organizationId, userId) {
      const { data, response } = await send(
        {
          operation: 'GET /api/organizations/{id}/users/{userId}/roles',
          idempotent: true,
          notFound: 'memberNotFound',
          // Logto's answer for "not a member" (also for an unknown organization or user).
          tolerate: (failure) =>
            failure.status === 422 && failure.code === 'organization.require_membership',
        },
        (signal) =>
          api.GET('/api/organizations/{id}/users/{userId}/roles', {
            params: { path: { id: organizationId, userId } },
            signal,
          }),
      );
      if (!response.ok) return undefined;
      if (data === undefined)
        throw toApiError({ kind: 'malformed' }, { notFound: 'memberNotFound' });
      // By name, as Logto orders a member's roles everywhere else (this list has no defined order).
      return toRoleRefs(data).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async getMemberScopes(organizationId, userId) {
      const { data } = await read(
        {
          operation: 'GET /api/organizations/{id}/users/{userId}/scopes',
          idempotent: true,
          notFound: 'memberNotFound',
        },
        (signal) =>
          api.GET('/api/organizations/{id}/users/{userId}/scopes', {
            params: { path: { id: organizationId, userId } },
            signal,
          }),
      );
      return data.map((scope) => scope.name);
    },

    async getUserApiScopes(userId, resourceIndicator) {
      const roles = await everyPage(async (page) => {
        const { data, response } = await read(
          { operation: 'GET /api/users/{userId}/roles', idempotent: true, notFound: 'notFound' },
          (signal) =>
            api.GET('/api/users/{userId}/roles', {
              params: { path: { userId }, query: { page, page_size: pageSizeMax } },
              signal,
            }),
        );
        return {
          items: data,
          totalCount: totalCount(response, (page - 1) * pageSizeMax + data.length),
        };
      });
      const scopes = new Set<string>();
      for (const { id: roleId } of roles) {
        const { data } = await read(
          { operation: 'GET /api/roles/{id}/scopes', idempotent: true, notFound: 'notFound' },
          (signal) =>
            api.GET('/api/roles/{id}/scopes', { params: { path: { id: roleId } }, signal }),
        );
        for (const scope of data)
          if (scope.resource.indicator === resourceIndicator) scopes.add(scope.name);
      }
      return [...scopes];
    },

    async removeMember(organizationId, userId) {
      await send(
        {
          operation: 'DELETE /api/organizations/{id}/users/{userId}',
          idempotent: true,
          notFound: 'memberNotFound',
        },
        (signal) =>
          api.DELETE('/api/organizations/{id}/users/{userId}', {
            params: { path: { id: organizationId, userId } },
            parseAs: 'text',
            signal,
          }),
      );
    },

    async replaceMemberRoles(organizationId, userId, roleIds) {
      await send(
        {
          operation: 'PUT /api/organizations/{id}/users/{userId}/roles',
          idempotent: true,
          notFound: 'memberNotFound',
          missingReference: 'roleNotFound',
        },
        (signal) =>
          api.PUT('/api/organizations/{id}/users/{userId}/roles', {
            params: { path: { id: organizationId, userId } },
            body: { organizationRoleIds: roleIds },
            parseAs: 'text',
            signal,
          }),
      );
    },

    async assignRoles(organizationId, userIds, roleIds) {
      // Logto refuses empty lists; giving nobody nothing is already done.
      if (userIds.length === 0 || roleIds.length === 0) return;
      const call: CallOptions = {
        operation: 'POST /api/organizations/{id}/users/roles',
        idempotent: false,
        notFound: 'memberNotFound',
        tolerate: (failure) =>
          failure.status === 422 && failure.code === 'entity.relation_foreign_key_not_found',
      };
      const { response } = await send(call, (signal) =>
        api.POST('/api/organizations/{id}/users/roles', {
          params: { path: { id: organizationId } },
          body: { userIds, organizationRoleIds: roleIds },
          // Logto answers `201 Created` as text/plain here.
          parseAs: 'text',
          signal,
        }),
      );
      if (response.ok) return;
      // Logto says only "a reference is missing": an unknown role, or a user who is not a member.
      const knownRoleIds = new Set((await listOrganizationRoles()).map((role) => role.id));
      const missingReference = roleIds.every((id) => knownRoleIds.has(id))
        ? 'memberNotFound'
        : 'roleNotFound';
      throw toApiError(
        {
          kind: 'response',
          status: 422,
          code: 'entity.relation_foreign_key_not_found',
          retryAfter: undefined,
        },
        { ...call, missingReference },
      );
    },

    async addMembers(organizationId, userIds) {
      if (userIds.length === 0) return;
      await send(
        {
          operation: 'POST /api/organizations/{id}/users',
          idempotent: false,
          notFound: 'organizationNotFound',
          // An unknown user (or organization): the users are what callers pick.
          missingReference: 'memberNotFound',
        },
        (signal) =>
          api.POST('/api/organizations/{id}/users', {
            params: { path: { id: organizationId } },
            body: { userIds },
            parseAs: 'text',
            signal,
          }),
      );
    },

    listOrganizationRoles,

    async getUser(userId) {
      const { data } = await read(
        { operation: 'GET /api/users/{userId}', idempotent: true, notFound: 'notFound' },
        (signal) => api.GET('/api/users/{userId}', { params: { path: { userId } }, signal }),
      );
      return toUser(data);
    },

    async findUsers(query) {
      // Logto reads these flat keys from the raw query string; `like` adds no wildcards by itself.
      const searchKeys: Record<string, string> = {};
      if (query.q) searchKeys.search = `%${escapeLike(query.q)}%`;
      if (query.email) {
        searchKeys['search.primaryEmail'] = query.email;
        searchKeys['mode.primaryEmail'] = 'exact';
        if (query.q) searchKeys.joint = 'and';
      }
      if (query.excludeOrganizationId)
        searchKeys.excludeOrganizationId = query.excludeOrganizationId;
      const { data, response } = await read(
        { operation: 'GET /api/users', idempotent: true, notFound: 'notFound' },
        (signal) =>
          api.GET('/api/users', {
            params: {
              query: { page: query.page, page_size: query.pageSize, search_params: searchKeys },
            },
            querySerializer: (params) =>
              new URLSearchParams({
                ...(params.page === undefined ? {} : { page: String(params.page) }),
                ...(params.page_size === undefined ? {} : { page_size: String(params.page_size) }),
                ...params.search_params,
              }).toString(),
            signal,
          }),
      );
      return {
        items: data.map(toUser),
        totalCount: totalCount(response, (query.page - 1) * query.pageSize + data.length),
      };
    },

    async getUserOrganizations(userId) {
      const { data } = await read(
        {
          operation: 'GET /api/users/{userId}/organizations',
          idempotent: true,
          notFound: 'notFound',
        },
        (signal) =>
          api.GET('/api/users/{userId}/organizations', { params: { path: { userId } }, signal }),
      );
      return data.map((organization) => ({
        ...toOrganization(organization),
        organizationRoles: toRoleRefs(organization.organizationRoles),
      }));
    },

    async listInvitations(query) {
      const { data } = await read(
        { operation: 'GET /api/organization-invitations', idempotent: true, notFound: 'notFound' },
        (signal) =>
          api.GET('/api/organization-invitations', {
            params: {
              query: {
                ...(query.organizationId ? { organizationId: query.organizationId } : {}),
                ...(query.invitee ? { invitee: query.invitee } : {}),
              },
            },
            signal,
          }),
      );
      const invitee = query.invitee?.toLowerCase();
      return data
        .filter(
          (invitation) =>
            (query.organizationId === undefined ||
              invitation.organizationId === query.organizationId) &&
            (invitee === undefined || invitation.invitee.toLowerCase() === invitee),
        )
        .map(toInvitation);
    },

    async getInvitation(invitationId) {
      const { data } = await read(
        {
          operation: 'GET /api/organization-invitations/{id}',
          idempotent: true,
          notFound: 'invitationNotFound',
        },
        (signal) =>
          api.GET('/api/organization-invitations/{id}', {
            params: { path: { id: invitationId } },
            signal,
          }),
      );
      return toInvitation(data);
    },

    async createInvitation(input) {
      const { data } = await read(
        {
          operation: 'POST /api/organization-invitations',
          idempotent: false,
          notFound: 'notFound',
          missingReference:
            input.organizationRoleIds.length > 0 ? 'roleNotFound' : 'organizationNotFound',
          refusal: 'The invitee is already a member of this organization.',
        },
        (signal) =>
          api.POST('/api/organization-invitations', {
            body: {
              organizationId: input.organizationId,
              invitee: input.invitee,
              inviterId: input.inviterId,
              expiresAt: input.expiresAt,
              organizationRoleIds: input.organizationRoleIds,
              // Never email from inside the create: without a connector Logto would refuse the whole
              // invitation (501). `sendInvitationMessage` sends it, and can fail on its own.
              messagePayload: false,
            },
            signal,
          }),
      );
      return toInvitation(data);
    },

    async sendInvitationMessage(invitationId, payload) {
      await send(
        {
          operation: 'POST /api/organization-invitations/{id}/message',
          idempotent: false,
          notFound: 'invitationNotFound',
        },
        (signal) =>
          api.POST('/api/organization-invitations/{id}/message', {
            params: { path: { id: invitationId } },
            body: {
              link: payload.link,
              ...(payload.locale === undefined ? {} : { locale: payload.locale }),
              ...(payload.organization === undefined ? {} : { organization: payload.organization }),
              ...(payload.inviter === undefined ? {} : { inviter: payload.inviter }),
            },
            parseAs: 'text',
            signal,
          }),
      );
    },

    async setInvitationStatus(invitationId, status, acceptedUserId) {
      const { data } = await read(
        {
          operation: 'PUT /api/organization-invitations/{id}/status',
          // A PUT, but a second identical one is refused (the invitation is no longer pending).
          idempotent: false,
          notFound: 'invitationNotFound',
          refusal: 'The invitation is no longer pending, or it was sent to another email address.',
        },
        (signal) =>
          api.PUT('/api/organization-invitations/{id}/status', {
            params: { path: { id: invitationId } },
            body: { status, ...(acceptedUserId === undefined ? {} : { acceptedUserId }) },
            signal,
          }),
      );
      return toInvitation(data);
    },

    async deleteInvitation(invitationId) {
      await send(
        {
          operation: 'DELETE /api/organization-invitations/{id}',
          idempotent: true,
          notFound: 'invitationNotFound',
        },
        (signal) =>
          api.DELETE('/api/organization-invitations/{id}', {
            params: { path: { id: invitationId } },
            parseAs: 'text',
            signal,
          }),
      );
    },

    close() {
      budget.close();
    },
  };
  return client;
}

// MARK: Logto's shapes → ours (the generated types check that these inputs match what Logto sends)

type OrganizationFields = {
  id: string;
  name: string;
  description: string | null;
  customData: Record<string, unknown>;
  branding: Record<string, string | undefined>;
  color: Record<string, string | boolean | undefined>;
  isMfaRequired: boolean;
  createdAt: number;
};

function toOrganization(organization: OrganizationFields): LogtoOrganization {
  return {
    id: organization.id,
    name: organization.name,
    description: organization.description,
    customData: organization.customData,
    branding: definedOnly(organization.branding),
    color: definedOnly(organization.color),
    isMfaRequired: organization.isMfaRequired,
    createdAt: organization.createdAt,
  };
}

function toUser(user: LogtoUser): LogtoUser {
  return {
    id: user.id,
    username: user.username,
    primaryEmail: user.primaryEmail,
    primaryPhone: user.primaryPhone,
    name: user.name,
    avatar: user.avatar,
    isSuspended: user.isSuspended,
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
  };
}

function toRoleRefs(roles: RoleRef[]): RoleRef[] {
  return roles.map(({ id, name }) => ({ id, name }));
}

function toInvitation(invitation: LogtoInvitation): LogtoInvitation {
  return {
    id: invitation.id,
    inviterId: invitation.inviterId,
    invitee: invitation.invitee,
    acceptedUserId: invitation.acceptedUserId,
    organizationId: invitation.organizationId,
    // Logto computes `Expired` on read (the row stays Pending); computed here too, so it holds for any
    // server and for the moment between Logto's read and ours.
    status:
      invitation.status === 'Pending' && invitation.expiresAt < Date.now()
        ? 'Expired'
        : invitation.status,
    createdAt: invitation.createdAt,
    updatedAt: invitation.updatedAt,
    expiresAt: invitation.expiresAt,
    organizationRoles: toRoleRefs(invitation.organizationRoles),
  };
}

/** Only the fields Logto should change (its guard also takes `tenantId`, `id`, `createdAt`). */
function organizationPatchBody(patch: OrganizationPatch) {
  return {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    ...(patch.customData === undefined ? {} : { customData: patch.customData }),
    ...(patch.branding === undefined ? {} : { branding: patch.branding }),
    ...(patch.color === undefined ? {} : { color: patch.color }),
  };
}

function definedOnly<Value>(record: Record<string, Value | undefined>): Record<string, Value> {
  const result: Record<string, Value> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** `%` and `_` are LIKE wildcards; a search for "50%" means the characters. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
