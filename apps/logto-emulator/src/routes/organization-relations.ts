import type { Database } from '../db/database.js';
import { schemaRoutes } from './schema-router.js';
import {
  organizationRowColumns,
  serializeOrganization,
  type OrganizationRow,
} from './serialize.js';
import type { ManagementApiRouter } from './types.js';

/** Logto's organizations `SchemaRouter`: the entity the organization route modules declare routes on. */
export function organizationSchemaRoutes(router: ManagementApiRouter, db: Database) {
  return schemaRoutes<OrganizationRow>(router, db, {
    table: 'organizations',
    singular: 'organization',
    columns: organizationRowColumns,
    serialize: serializeOrganization,
  });
}

/**
 * One of Logto's `SchemaRouter.addRelationRoutes` on organizations: `GET /organizations/:id/<path>`
 * (the related entities in the order they were added; 404 for an unknown organization), `POST`
 * `{ <bodyKey>: [ids] }` (non-empty; existing pairs ignored, an unknown id is 422
 * `entity.relation_foreign_key_not_found`), `PUT` (replace; `[]` clears), `DELETE /:<paramKey>` (404
 * `entity.not_found` when not related).
 */
export type OrganizationRelation<Row> = {
  path: string;
  /** Relation table with `organization_id`, `<relationColumn>` and `seq`. */
  table: string;
  relationColumn: string;
  /** The related table (joined as `e` on `e.id = r.<relationColumn>`) and its columns. */
  entityTable: string;
  entityColumns: string;
  serialize: (row: Row) => unknown;
  bodyKey: string;
  paramKey: string;
  isPaginationOptional: boolean;
  /** Routes to leave out (e.g. a GET the module writes itself). */
  disabled?: { get?: boolean };
};

export function addOrganizationRelationRoutes<Row>(
  router: ManagementApiRouter,
  db: Database,
  relation: OrganizationRelation<Row>,
) {
  const { table, relationColumn } = relation;
  organizationSchemaRoutes(router, db).relation<Row>({
    pathname: relation.path,
    idsKey: relation.bodyKey,
    idParam: relation.paramKey,
    table,
    ownerColumn: 'organization_id',
    relatedColumn: relationColumn,
    selectSql: `select ${relation.entityColumns}
                  from ${table} r join ${relation.entityTable} e on e.id = r.${relationColumn}
                 where r.organization_id = $1
                 order by r.seq`,
    serialize: relation.serialize,
    pagination: relation.isPaginationOptional ? 'optional' : 'required',
    disabled: relation.disabled,
  });
}
