import type { RoleRef } from '@portal/shared';

import { ApiError, type FieldError } from '../errors.js';
import type { LogtoManagementClient, LogtoOrganizationRole } from '../logto/types.js';

/**
 * The organization template's roles and what each grants. Reads may use an answer up to `ttlMs` old;
 * decisions that guard a write (the last-admin rule, role checks) ask for a fresh one.
 */
export class RoleTemplate {
  #cached: { roles: Promise<LogtoOrganizationRole[]>; expiresAt: number } | undefined;

  constructor(
    private readonly logto: Pick<LogtoManagementClient, 'listOrganizationRoles'>,
    private readonly ttlMs = 5000,
  ) {}

  async roles({ fresh = false }: { fresh?: boolean } = {}): Promise<LogtoOrganizationRole[]> {
    if (!fresh && this.#cached && this.#cached.expiresAt > Date.now()) return this.#cached.roles;
    const entry = { roles: this.logto.listOrganizationRoles(), expiresAt: Date.now() + this.ttlMs };
    this.#cached = entry;
    try {
      return await entry.roles;
    } catch (error) {
      if (this.#cached === entry) this.#cached = undefined;
      throw error;
    }
  }
}

/** The organization scopes these roles grant together, in a stable order (portal permissions first). */
export function scopesOfRoles(
  roleRefs: readonly Pick<RoleRef, 'id'>[],
  template: readonly LogtoOrganizationRole[],
): string[] {
  const held = new Set(roleRefs.map(({ id }) => id));
  const scopes = new Set(
    template.filter((role) => held.has(role.id)).flatMap((role) => role.scopes),
  );
  return [...scopes];
}

/**
 * The roles with these ids that people can be given, in the order asked; an unknown id is 404
 * `role.not_found`, a machine-to-machine role 422 `role.not_assignable` (each with the field at fault).
 */
export function assignableRoles(
  template: readonly LogtoOrganizationRole[],
  roleIds: readonly string[],
  field: string,
): LogtoOrganizationRole[] {
  const byId = new Map(template.map((role) => [role.id, role]));
  const unknown: FieldError[] = [];
  const notAssignable: FieldError[] = [];
  const found: LogtoOrganizationRole[] = [];
  roleIds.forEach((id, index) => {
    const role = byId.get(id);
    if (!role) {
      unknown.push({
        path: `${field}.${index}`,
        message: 'No such organization role',
        code: 'not_found',
      });
    } else if (role.type !== 'User') {
      notAssignable.push({
        path: `${field}.${index}`,
        message: 'Machine-to-machine roles cannot be given to people',
        code: 'not_assignable',
      });
    } else {
      found.push(role);
    }
  });
  if (unknown.length > 0) throw new ApiError('roleNotFound', undefined, { errors: unknown });
  if (notAssignable.length > 0)
    throw new ApiError('roleNotAssignable', undefined, { errors: notAssignable });
  return found;
}
