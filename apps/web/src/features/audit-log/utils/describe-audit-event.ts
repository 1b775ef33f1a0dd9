import { roleRefSchema, type AuditAction, type AuditEvent } from '@portal/shared';
import { z } from 'zod';

import { errorKindForCode, type ErrorKind } from '../../../lib/describe-error.js';

/** Translation keys can't contain dots inside a segment: `member.removed` → `member_removed`. */
type Underscored<Text extends string> = Text extends `${infer Head}.${infer Tail}`
  ? `${Head}_${Underscored<Tail>}`
  : Text;

export type AuditActionKey = Underscored<AuditAction>;

const auditActionKeys: { [Action in AuditAction]: Underscored<Action> } = {
  'organization.created': 'organization_created',
  'organization.updated': 'organization_updated',
  'organization.deleted': 'organization_deleted',
  'member.removed': 'member_removed',
  'member.roles_replaced': 'member_roles_replaced',
  'members.roles_assigned': 'members_roles_assigned',
  'invitation.created': 'invitation_created',
  'invitation.resent': 'invitation_resent',
  'invitation.renewed': 'invitation_renewed',
  'invitation.revoked': 'invitation_revoked',
  'invitation.accepted': 'invitation_accepted',
};

export const auditActionKey = (action: AuditAction): AuditActionKey => auditActionKeys[action];

/** Role names, alphabetically, from names or role references. */
const roleNamesSchema = z
  .array(z.union([z.string(), roleRefSchema]))
  .transform((roles) =>
    roles
      .map((role) => (typeof role === 'string' ? role : role.name))
      .sort((a, b) => a.localeCompare(b)),
  );

/** The settings a change touched, in the order the form shows them. */
export const settingsFieldNames = [
  'name',
  'description',
  'branding',
  'color',
  'customData',
] as const;
export type SettingsFieldName = (typeof settingsFieldNames)[number];

/** The parts of `details` a sentence can use; anything else in it is ignored, never trusted blindly. */
const detailsSchema = z.object({
  actorName: z.string().min(1).optional().catch(undefined),
  before: roleNamesSchema.optional().catch(undefined),
  after: roleNamesSchema.optional().catch(undefined),
  roles: roleNamesSchema.optional().catch(undefined),
  /** Bulk role assignment: who got the roles. */
  userIds: z.array(z.string()).optional().catch(undefined),
  /** Settings changes: which fields. */
  changed: z.array(z.string()).optional().catch(undefined),
  /** An invitation batch: one result per address. */
  results: z.array(z.unknown()).optional().catch(undefined),
});

export type AuditEventSentence = {
  /** `auditLog.sentences.<key>`; `_roles` variants name the roles, `_fields` the settings changed. */
  key:
    | AuditActionKey
    | 'member_roles_replaced_roles'
    | 'members_roles_assigned_roles'
    | 'organization_updated_fields';
  actor: string;
  /** The person or thing acted on, as recorded at the time. */
  target: string;
  organization: string;
  /** Role names before and after a change, or those assigned. */
  before: string[];
  after: string[];
  roles: string[];
  /** Bulk changes: how many members; the target is then "N members". */
  memberCount: number | undefined;
  /** An invitation batch: how many addresses; the target is then "N addresses". */
  addressCount: number | undefined;
  /** Settings changes: the fields changed, known ones only, in form order. */
  fields: SettingsFieldName[];
  actorIsSupport: boolean;
  reason: string | null;
  failed: boolean;
  /** Why it failed, in the SPA's error words. */
  failure: ErrorKind | undefined;
};

/**
 * An audit event as a sentence a person reads ("Ada Admin removed Bob Becker from Acme Corp"), as
 * translation key and values. The actor is called by the name recorded at the time (the viewer by
 * their current one), else by the email recorded, else by their id.
 */
export function describeAuditEvent(
  event: AuditEvent,
  context: { organizationName: string | undefined; viewer?: { id: string; name: string } },
): AuditEventSentence {
  const details = detailsSchema.parse(event.details);
  const actor =
    event.actor.userId === context.viewer?.id
      ? context.viewer.name
      : (details.actorName ?? event.actor.email ?? event.actor.userId);
  const before = details.before ?? [];
  const after = details.after ?? [];
  const roles = details.roles ?? [];
  let key: AuditEventSentence['key'] = auditActionKey(event.action);
  if (event.action === 'member.roles_replaced' && details.before && details.after) {
    key = 'member_roles_replaced_roles';
  }
  if (event.action === 'members.roles_assigned' && roles.length > 0) {
    key = 'members_roles_assigned_roles';
  }
  const fields = settingsFieldNames.filter((field) => details.changed?.includes(field));
  if (event.action === 'organization.updated' && fields.length > 0)
    key = 'organization_updated_fields';
  return {
    key,
    actor,
    target: event.target.label ?? event.target.id ?? event.target.type,
    organization: context.organizationName ?? event.organizationId ?? '',
    before,
    after,
    roles,
    memberCount: event.action === 'members.roles_assigned' ? details.userIds?.length : undefined,
    // The batch event of an invitation request (each address also has its own event).
    addressCount:
      event.action === 'invitation.created' && event.target.type === 'invitations'
        ? details.results?.length
        : undefined,
    fields,
    actorIsSupport: event.actor.kind === 'support',
    reason: event.reason,
    failed: event.outcome === 'failure',
    failure:
      event.outcome === 'failure' && event.errorCode
        ? errorKindForCode(event.errorCode)
        : undefined,
  };
}
