import type { Transaction } from '@electric-sql/pglite';

import type { EmulatorDeps } from '../deps.js';
import type { Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { deleteOrNotFound } from './entities.js';
import { defaultTenantId, toOrganizationRequestError } from './serialize.js';
import type { RouteModule } from './types.js';

/**
 * Organization invitations (CONTRACT.md section 4), after Logto's `routes/organization-invitation` and
 * `libraries/organization-invitation.ts`: caller-defined expiry, `Expired` computed on read, one pending
 * invitation per invitee and organization, the email sent inside the create transaction.
 */

type InvitationStatus = 'Pending' | 'Accepted' | 'Expired' | 'Revoked';

/** RFC 0003's ending statuses: an invitation in one of them cannot change any more. */
const endingStatuses: readonly InvitationStatus[] = ['Accepted', 'Expired', 'Revoked'];

/** `SendMessagePayload` from @logto/connector-kit: known keys typed, anything else passed through. */
const sendMessagePayloadGuard = z
  .object({
    code: z.string().optional(),
    link: z.string().optional(),
    locale: z.string().optional(),
    uiLocales: z.string().optional(),
  })
  .catchall(z.unknown());

// Key order follows Logto's guard (createGuard.pick(...).extend(...)): zod reports issues in this order.
const createInvitationGuard = z.object({
  inviterId: z.string().max(21).nullable().optional(),
  invitee: z.string().email(),
  organizationId: z.string().min(1).max(21),
  expiresAt: z.number(),
  organizationRoleIds: z.string().array().optional(),
  messagePayload: sendMessagePayloadGuard.or(z.literal(false)).default(false),
});

const updateStatusGuard = z.object({
  acceptedUserId: z.string().max(21).nullable().optional(),
  status: z.enum(['Accepted', 'Revoked']),
});

const listQueryGuard = z
  .object({ organizationId: z.string(), inviterId: z.string(), invitee: z.string() })
  .partial();

const idParamsGuard = z.object({ id: z.string() });

export type OrganizationInvitationEntity = {
  tenantId: typeof defaultTenantId;
  id: string;
  inviterId: string | null;
  invitee: string;
  acceptedUserId: string | null;
  organizationId: string;
  status: InvitationStatus;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  organizationRoles: Array<{ id: string; name: string }>;
};

type InvitationRow = {
  id: string;
  inviter_id: string | null;
  invitee: string;
  accepted_user_id: string | null;
  organization_id: string;
  status: InvitationStatus;
  created_at: number | bigint;
  updated_at: number | bigint;
  expires_at: number | bigint;
  organization_roles: Array<{ id: string; name: string }>;
};

function toEntity(row: InvitationRow): OrganizationInvitationEntity {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    inviterId: row.inviter_id,
    invitee: row.invitee,
    acceptedUserId: row.accepted_user_id,
    organizationId: row.organization_id,
    status: row.status,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: Number(row.expires_at),
    organizationRoles: row.organization_roles,
  };
}

type InvitationFilter = {
  id?: string;
  organizationId?: string;
  inviterId?: string;
  invitee?: string;
};

/** Logto's `#findEntity`: `Expired` computed (the row keeps `Pending`), roles sorted by name, newest first. */
async function findInvitations(
  query: Queryable,
  filter: InvitationFilter,
): Promise<OrganizationInvitationEntity[]> {
  const params: unknown[] = [Date.now()];
  const conditions: string[] = [];
  const addCondition = (value: string | undefined, condition: (placeholder: string) => string) => {
    if (value === undefined) return;
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  addCondition(filter.id, (p) => `i.id = ${p}`);
  addCondition(filter.organizationId, (p) => `i.organization_id = ${p}`);
  addCondition(filter.inviterId, (p) => `i.inviter_id = ${p}`);
  addCondition(filter.invitee, (p) => `lower(i.invitee) = lower(${p})`);

  const { rows } = await query.query<InvitationRow>(
    `select i.id, i.inviter_id, i.invitee, i.accepted_user_id, i.organization_id,
       case when i.status = 'Pending' and i.expires_at < $1 then 'Expired' else i.status end as status,
       i.created_at, i.updated_at, i.expires_at,
       coalesce(
         json_agg(json_build_object('id', r.id, 'name', r.name) order by r.name) filter (where r.id is not null),
         '[]'
       ) as organization_roles
     from organization_invitations i
     left join organization_invitation_role_relations rr on rr.organization_invitation_id = i.id
     left join organization_roles r on r.id = rr.organization_role_id
     ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
     group by i.id
     order by i.created_at desc, i.seq desc`,
    params,
  );
  return rows.map(toEntity);
}

/** `pool.one` semantics: a miss is 404 `entity.not_found`. */
async function findInvitationById(
  query: Queryable,
  id: string,
): Promise<OrganizationInvitationEntity> {
  const [invitation] = await findInvitations(query, { id });
  if (!invitation) throw new RequestError({ code: 'entity.not_found', status: 404 });
  return invitation;
}

function invalidInput(details: string, status = 422) {
  return new RequestError({ code: 'request.invalid_input', status, values: { details } });
}

/** What Logto adds to the email template context: `buildOrganizationContextInfo` and `buildUserContextInfo`. */
async function getTemplateContext(
  tx: Transaction,
  organizationId: string,
  inviterId: string | null | undefined,
) {
  const { rows: organizations } = await tx.query<{ id: string; name: string; branding: unknown }>(
    'select id, name, branding from organizations where id = $1',
    [organizationId],
  );
  const inviter =
    inviterId === null || inviterId === undefined
      ? undefined
      : (
          await tx.query<{
            id: string;
            avatar: string | null;
            name: string | null;
            primary_email: string | null;
            primary_phone: string | null;
            username: string | null;
            profile: unknown;
          }>(
            'select id, avatar, name, primary_email, primary_phone, username, profile from users where id = $1',
            [inviterId],
          )
        ).rows[0];
  return {
    ...(organizations[0] ? { organization: organizations[0] } : {}),
    ...(inviter
      ? {
          inviter: {
            id: inviter.id,
            avatar: inviter.avatar,
            name: inviter.name,
            primaryEmail: inviter.primary_email,
            primaryPhone: inviter.primary_phone,
            username: inviter.username,
            profile: inviter.profile,
          },
        }
      : {}),
  };
}

export const organizationInvitationRoutes: RouteModule = (router, { db, mailer }: EmulatorDeps) => {
  router.get(
    '/organization-invitations',
    koaGuard({ query: listQueryGuard }),
    async (ctx: { state: GuardState<z.infer<typeof listQueryGuard>>; body: unknown }) => {
      // No pagination (page/page_size are ignored, as in Logto) and no organization check.
      ctx.body = await findInvitations(db.pg, ctx.state.guard.query);
    },
  );

  router.post(
    '/organization-invitations',
    koaGuard({ body: createInvitationGuard }),
    async (ctx: {
      state: GuardState<undefined, z.infer<typeof createInvitationGuard>>;
      body: unknown;
      status: number;
    }) => {
      const { messagePayload, organizationRoleIds = [], ...invitation } = ctx.state.guard.body;
      const { inviterId, invitee, organizationId, expiresAt } = invitation;

      if (!(expiresAt > Date.now())) {
        throw invalidInput('The value of `expiresAt` must be in the future.', 400);
      }

      // Logto checks membership by exact primary email, before (and outside) the transaction.
      const members = await db.query(
        `select 1 from organization_user_relations m join users u on u.id = m.user_id
         where m.organization_id = $1 and u.primary_email = $2 limit 1`,
        [organizationId, invitee],
      );
      if (members.length > 0) {
        throw invalidInput('The invitee is already a member of the organization.');
      }

      const created = await db.transaction(async (tx) => {
        const now = Date.now();
        try {
          // Expired-but-Pending rows would block the partial unique index: flip them first.
          await tx.query(
            `update organization_invitations set status = 'Expired'
             where status = 'Pending' and expires_at < $1 and organization_id = $2 and lower(invitee) = lower($3)`,
            [now, organizationId, invitee],
          );
          const id = generateStandardId();
          await tx.query(
            `insert into organization_invitations
               (id, inviter_id, invitee, organization_id, status, created_at, updated_at, expires_at)
             values ($1, $2, $3, $4, 'Pending', $5, $5, $6)`,
            // Logto stores a timestamptz and reads back whole milliseconds.
            [id, inviterId ?? null, invitee, organizationId, now, Math.floor(expiresAt)],
          );
          if (organizationRoleIds.length > 0) {
            await tx.query(
              `insert into organization_invitation_role_relations (organization_invitation_id, organization_role_id)
               select $1, role_id from unnest($2::varchar[]) as role_id
               on conflict do nothing`,
              [id, organizationRoleIds],
            );
          }
          if (messagePayload) {
            const context = await getTemplateContext(tx, organizationId, inviterId);
            // 501 (no connector) or 429 (throttle) here rolls the invitation back: nothing is created.
            await mailer.send(
              {
                to: invitee,
                usageType: 'OrganizationInvitation',
                payload: { ...context, ...messagePayload },
              },
              tx,
            );
          }
          return await findInvitationById(tx, id);
        } catch (error: unknown) {
          throw toOrganizationRequestError(error);
        }
      });

      ctx.status = 201;
      ctx.body = created;
    },
  );

  router.get(
    '/organization-invitations/:id',
    koaGuard({ params: idParamsGuard }),
    async (ctx: {
      state: GuardState<undefined, undefined, z.infer<typeof idParamsGuard>>;
      body: unknown;
    }) => {
      ctx.body = await findInvitationById(db.pg, ctx.state.guard.params.id);
    },
  );

  router.delete(
    '/organization-invitations/:id',
    koaGuard({ params: idParamsGuard }),
    async (ctx: {
      state: GuardState<undefined, undefined, z.infer<typeof idParamsGuard>>;
      status: number;
    }) => {
      await deleteOrNotFound(
        db.pg,
        'delete from organization_invitations where id = $1 returning id',
        [ctx.state.guard.params.id],
      );
      ctx.status = 204;
    },
  );

  router.put(
    '/organization-invitations/:id/status',
    koaGuard({ params: idParamsGuard, body: updateStatusGuard }),
    async (ctx: {
      state: GuardState<
        undefined,
        z.infer<typeof updateStatusGuard>,
        z.infer<typeof idParamsGuard>
      >;
      body: unknown;
    }) => {
      const { id } = ctx.state.guard.params;
      const { status, acceptedUserId } = ctx.state.guard.body;

      // Checked before the invitation is even looked up, as in Logto's route.
      if (status === 'Accepted' && !acceptedUserId) {
        throw invalidInput('The `acceptedUserId` is required when accepting an invitation.');
      }

      ctx.body = await db.transaction(async (tx) => {
        const invitation = await findInvitationById(tx, id);
        if (endingStatuses.includes(invitation.status)) {
          throw invalidInput('The status of the invitation cannot be changed anymore.');
        }
        const updatedAt = Date.now();

        if (status === 'Revoked') {
          // `acceptedUserId` is ignored when revoking.
          await tx.query(
            'update organization_invitations set status = $2, updated_at = $3 where id = $1',
            [id, status, updatedAt],
          );
          return { ...invitation, status, updatedAt };
        }

        const { rows: users } = await tx.query<{ primary_email: string | null }>(
          'select primary_email from users where id = $1',
          [acceptedUserId],
        );
        const [user] = users;
        if (!user) throw new RequestError({ code: 'entity.not_found', status: 404 });
        if (user.primary_email?.toLowerCase() !== invitation.invitee.toLowerCase()) {
          throw invalidInput('The accepted user must have the same email as the invitee.');
        }

        try {
          // Already a member is fine (ON CONFLICT DO NOTHING); the invitation's roles are added to theirs.
          await tx.query(
            `insert into organization_user_relations (organization_id, user_id, created_at) values ($1, $2, $3)
             on conflict do nothing`,
            [invitation.organizationId, acceptedUserId, updatedAt],
          );
          const roleIds = invitation.organizationRoles.map((role) => role.id);
          if (roleIds.length > 0) {
            // A `MachineToMachine` role fails the user-role type check: 422 db_constraint_violated.
            await tx.query(
              `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
               select $1, role_id, $3 from unnest($2::varchar[]) as role_id
               on conflict do nothing`,
              [invitation.organizationId, roleIds, acceptedUserId],
            );
          }
          await tx.query(
            `update organization_invitations set status = $2, accepted_user_id = $3, updated_at = $4 where id = $1`,
            [id, status, acceptedUserId, updatedAt],
          );
        } catch (error: unknown) {
          throw toOrganizationRequestError(error);
        }
        return { ...invitation, status, acceptedUserId: acceptedUserId ?? null, updatedAt };
      });
    },
  );

  router.post(
    '/organization-invitations/:id/message',
    koaGuard({ params: idParamsGuard, body: sendMessagePayloadGuard }),
    async (ctx: {
      state: GuardState<
        undefined,
        z.infer<typeof sendMessagePayloadGuard>,
        z.infer<typeof idParamsGuard>
      >;
      status: number;
    }) => {
      const { invitee } = await findInvitationById(db.pg, ctx.state.guard.params.id);
      // Resending does not look at the status, and Logto adds no organization/inviter context here.
      await mailer.send({
        to: invitee,
        usageType: 'OrganizationInvitation',
        payload: ctx.state.guard.body,
      });
      ctx.status = 204;
    },
  );
};
