/**
 * The emulator's `SchemaRouter` (Logto's `packages/core/src/utils/SchemaRouter.ts`): one declaration per
 * table for Logto's standard routes, so that route modules declare them instead of writing them out.
 *
 * ```ts
 * const scopes = schemaRoutes(router, db, {
 *   table: 'organization_scopes',            // path `/organization-scopes` (override with `pathname`)
 *   singular: 'organization_scope',          // PATCH miss: 404 entity.not_exists "The organization_scope does not exist."
 *   columns: organizationScopeRowColumns,    // select list, `(alias?) => 'id, name, ...'`
 *   serialize: serializeOrganizationScope,   // row → Logto's JSON
 * });
 * scopes.list({ query: searchQuery, search: ['name'], orderBy: 'name', pagination: 'optional' });
 *   // GET / (`q`, Total-Number, Link)
 * scopes.create({ body, values: (body) => ({ id: generateStandardId(), name: body.name }) }); // POST / → 201
 * scopes.getById();                                                  // GET    /:id  → 404 entity.not_exists_with_id
 * scopes.patchById({ body, changes: (body) => [['name', body.name]] }); // PATCH /:id
 * scopes.deleteById();                                               // DELETE /:id  → 204, 404 entity.not_found
 * roles.relation({ pathname: 'scopes', idsKey: 'organizationScopeIds', idParam: 'organizationScopeId', ... });
 *   // GET /:id/scopes (paginated, 404 for an unknown owner), POST (add, existing ignored) → 201,
 *   // PUT (replace) → 204, DELETE /:id/scopes/:organizationScopeId → 204 or 404 entity.not_found
 * ```
 *
 * Routes are registered in the order of the calls, as Logto's are: that order is what `allowedMethods()`
 * writes into `Allow` (e.g. Logto's organizations router declares POST before its own GET: `POST, HEAD, GET`).
 * Bodies, queries and params go through {@link koaGuard} (400 `guard.invalid_input`); database constraint
 * errors become Logto's 422s through `mapError` (default: {@link toOrganizationRequestError}). Custom SQL
 * hooks: `list({ select, serializeList })`, `create({ write })`; anything further is a plain `router.*` route
 * next to these, using `findById` for Logto's 404.
 */
import type { Transaction } from '@electric-sql/pglite';

import type { Database, Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound, findEntityById } from './entities.js';
import {
  buildSearchCondition,
  buildUpdateAssignments,
  emptyUpdateResponse,
  toOrganizationRequestError,
} from './serialize.js';
import type { ManagementApiRouter } from './types.js';

/** A zod schema whose output is `T` (the guard's input is whatever the request carries). */
type Guard<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

export type EntityConfig<Row> = {
  /** SQL table (trusted identifier). */
  table: string;
  /** Route path; default `/` + the table with `_` as `-`, as Logto's `tableToPathname`. */
  pathname?: string;
  /** Logto's `tableSingular`, named by PATCH's 404 `entity.not_exists`. */
  singular: string;
  /** The select list of a {@link Row}, optionally qualified with an alias. */
  columns: (alias?: string) => string;
  serialize: (row: Row) => unknown;
  /**
   * What a lookup by id answers when there is no row: `withId` is Logto's `buildFindEntityById`
   * (404 `entity.not_exists_with_id` naming the table), `plain` a `pool.one` miss (404 `entity.not_found`).
   */
  notFound?: 'withId' | 'plain';
  /** Turns database errors of writes into Logto's request errors (return others unchanged). */
  mapError?: (error: unknown) => unknown;
};

type Pagination = 'required' | 'optional';

export type ListConfig<Row, Query extends { q?: string }, Extra> = {
  /** Columns `q` is matched against (`ilike '%q%'`, OR-ed), qualified by the table name where ambiguous. */
  search: readonly string[];
  /** `order by` expression. */
  orderBy: string;
  /** Alias of the table in the list's `from` (for `search`, `select` and `orderBy` that name it). */
  alias?: string;
  /** `optional`: no `page`/`page_size` returns everything (Logto's `isOptional`). Default `required`. */
  pagination?: Pagination;
  /** The query guard: {@link searchQuery}, or one that extends it. */
  query: Guard<Query>;
  /**
   * Custom select list: the entity's columns plus `Extra` (the table is known by its own name); default the
   * entity's columns.
   */
  select?: string;
  /** Custom body for the page's rows, inside the list's transaction (extra queries); default `serialize`. */
  serializeList?: (
    rows: Array<Row & Extra>,
    tx: Transaction,
    query: Query,
  ) => unknown[] | Promise<unknown[]>;
};

export type CreateConfig<Body, Row> = {
  body: Guard<Body>;
  /** Column → value of the new row (`insert ... returning` the entity's columns). */
  values?: (body: Body) => Record<string, unknown>;
  /** Custom write instead of `values` (e.g. the row and its relations in one transaction). */
  write?: (tx: Transaction, body: Body) => Promise<Row>;
};

export type PatchConfig<Body> = {
  body: Guard<Body>;
  /** `[column, value]` pairs; `undefined` values are skipped as Logto's `updateWhere` skips them. */
  changes: (body: Body) => ReadonlyArray<readonly [column: string, value: unknown]>;
};

export type RelationConfig<RelatedRow> = {
  /** Path below `/:id/`. */
  pathname: string;
  /** Body key of POST and PUT, e.g. `organizationScopeIds`. */
  idsKey: string;
  /** Route parameter of DELETE, e.g. `organizationScopeId`. */
  idParam: string;
  /** Relation table and its two columns. */
  table: string;
  ownerColumn: string;
  relatedColumn: string;
  /** Selects the related rows of owner `$1`, ordered, without limit or offset. */
  selectSql: string;
  serialize: (row: RelatedRow) => unknown;
  /** GET's pagination; Logto's `isPaginationOptional`. Default `required`. */
  pagination?: Pagination;
  /** Routes to leave out (e.g. a GET the module writes itself). */
  disabled?: { get?: boolean };
};

const idParams = z.object({ id: z.string().min(1) });
type IdParams = z.infer<typeof idParams>;
/** The list query of Logto's `SchemaRouter`: `q`, the search text. */
export const searchQuery = z.object({ q: z.string().optional() });

/** Limit/offset placeholders after `params`, or nothing when pagination is off. */
function pageClause(disabled: boolean, params: unknown[], limit: number, offset: number) {
  if (disabled) return { clause: '', params };
  return {
    clause: `limit $${params.length + 1} offset $${params.length + 2}`,
    params: [...params, limit, offset],
  };
}

/** Declares Logto's standard routes of one table on `router`; see the module comment. */
export function schemaRoutes<Row>(
  router: ManagementApiRouter,
  db: Database,
  entity: EntityConfig<Row>,
) {
  const path = entity.pathname ?? `/${entity.table.replaceAll('_', '-')}`;
  const mapError = entity.mapError ?? toOrganizationRequestError;
  const withErrors = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error: unknown) {
      throw mapError(error);
    }
  };

  /** The row with this id, or Logto's 404 for the entity. */
  const findById = async (id: string, queryable: Queryable = db.pg): Promise<Row> => {
    if (entity.notFound === 'plain') {
      const { rows } = await queryable.query<Row>(
        `select ${entity.columns()} from ${entity.table} where id = $1`,
        [id],
      );
      const [row] = rows;
      if (!row) throw new RequestError({ code: 'entity.not_found', status: 404 });
      return row;
    }
    return findEntityById<Row>(queryable, entity.table, entity.columns(), id);
  };

  /** `insert into <table> (<keys>) values (...) returning <columns>`. */
  const insertRow = async (queryable: Queryable, values: Record<string, unknown>) => {
    const keys = Object.keys(values);
    const { rows } = await queryable.query<Row>(
      `insert into ${entity.table} (${keys.join(', ')})
       values (${keys.map((_, index) => `$${index + 1}`).join(', ')})
       returning ${entity.columns()}`,
      Object.values(values),
    );
    const [row] = rows;
    if (!row) throw new Error(`insert into ${entity.table} returned no row`);
    return row;
  };

  return {
    path,
    findById,
    insertRow,

    list<Query extends { q?: string }, Extra = object>(config: ListConfig<Row, Query, Extra>) {
      const { query } = config;
      router.get<PaginationState & GuardState<Query, undefined, undefined>>(
        path,
        koaPagination({ isOptional: config.pagination === 'optional' }),
        koaGuard({ query }),
        async (ctx) => {
          const { disabled, limit, offset } = ctx.state.pagination;
          const parsedQuery = ctx.state.guard.query;
          const params: unknown[] = [];
          const search = buildSearchCondition(parsedQuery.q, config.search, params);
          const where = search ? `where ${search}` : '';
          const from = `${entity.table} ${config.alias ?? ''}`;
          const page = pageClause(disabled, params, limit, offset);
          const { total, body } = await db.transaction(async (tx) => {
            const counted = await tx.query<{ count: number }>(
              `select count(*)::int as count from ${from} ${where}`,
              params,
            );
            const { rows } = await tx.query<Row & Extra>(
              `select ${config.select ?? entity.columns(config.alias)} from ${from} ${where}
               order by ${config.orderBy} ${page.clause}`,
              page.params,
            );
            return {
              total: counted.rows[0]?.count ?? 0,
              body: config.serializeList
                ? await config.serializeList(rows, tx, parsedQuery)
                : rows.map((row) => entity.serialize(row)),
            };
          });
          if (!disabled) ctx.state.pagination.totalCount = total;
          ctx.body = body;
        },
      );
    },

    create<Body>(config: CreateConfig<Body, Row>) {
      const { values, write } = config;
      router.post<GuardState<undefined, Body, undefined>>(
        path,
        koaGuard({ body: config.body }),
        async (ctx) => {
          const { body } = ctx.state.guard;
          const row = await withErrors(async () =>
            db.transaction(async (tx) => {
              if (write) return write(tx, body);
              if (!values) throw new Error(`create of ${entity.table} needs values or write`);
              return insertRow(tx, values(body));
            }),
          );
          ctx.status = 201;
          ctx.body = entity.serialize(row);
        },
      );
    },

    getById() {
      router.get<GuardState<undefined, undefined, IdParams>>(
        `${path}/:id`,
        koaGuard({ params: idParams }),
        async (ctx) => {
          ctx.body = entity.serialize(await findById(ctx.state.guard.params.id));
        },
      );
    },

    patchById<Body>(config: PatchConfig<Body>) {
      router.patch<GuardState<undefined, Body, IdParams>>(
        `${path}/:id`,
        koaGuard({ params: idParams, body: config.body }),
        async (ctx) => {
          const params: unknown[] = [];
          // JSON columns are replaced wholesale, like Logto's `jsonbMode: 'replace'`.
          const assignments = buildUpdateAssignments(config.changes(ctx.state.guard.body), params);
          if (assignments.length === 0) {
            ctx.status = emptyUpdateResponse.status;
            ctx.body = emptyUpdateResponse.body;
            return;
          }
          params.push(ctx.state.guard.params.id);
          const row = await withErrors(async () =>
            db.one<Row>(
              `update ${entity.table} set ${assignments.join(', ')} where id = $${params.length}
               returning ${entity.columns()}`,
              params,
            ),
          );
          if (!row) {
            throw new RequestError({
              code: 'entity.not_exists',
              status: 404,
              values: { name: entity.singular },
            });
          }
          ctx.body = entity.serialize(row);
        },
      );
    },

    deleteById() {
      router.delete<GuardState<undefined, undefined, IdParams>>(
        `${path}/:id`,
        koaGuard({ params: idParams }),
        async (ctx) => {
          await deleteOrNotFound(db.pg, `delete from ${entity.table} where id = $1 returning id`, [
            ctx.state.guard.params.id,
          ]);
          ctx.status = 204;
        },
      );
    },

    /** Logto's `addRelationRoutes`: GET, POST (add), PUT (replace) and DELETE one of `/:id/<pathname>`. */
    relation<RelatedRow>(config: RelationConfig<RelatedRow>) {
      const relationPath = `${path}/:id/${config.pathname}`;
      const addBody = z.object({ [config.idsKey]: z.string().min(1).array().nonempty() });
      const replaceBody = z.object({ [config.idsKey]: z.string().min(1).array() });
      const deleteParams = z.object({ id: z.string().min(1), [config.idParam]: z.string().min(1) });
      const idsOf = (body: Partial<Record<string, string[]>>) => body[config.idsKey] ?? [];
      const insertRelations = (queryable: Queryable, id: string, ids: string[]) =>
        queryable.query(
          `insert into ${config.table} (${config.ownerColumn}, ${config.relatedColumn})
           select $1, related_id from unnest($2::varchar[]) with ordinality as t(related_id, n)
           order by n
           on conflict do nothing`,
          [id, ids],
        );

      if (!config.disabled?.get) {
        router.get<PaginationState & GuardState<undefined, undefined, IdParams>>(
          relationPath,
          koaPagination({ isOptional: config.pagination === 'optional' }),
          koaGuard({ params: idParams }),
          async (ctx) => {
            const { id } = ctx.state.guard.params;
            const { disabled, limit, offset } = ctx.state.pagination;
            const { total, rows } = await db.transaction(async (tx) => {
              await findById(id, tx);
              const counted = await tx.query<{ count: number }>(
                `select count(*)::int as count from ${config.table} where ${config.ownerColumn} = $1`,
                [id],
              );
              const page = pageClause(disabled, [id], limit, offset);
              const { rows: related } = await tx.query<RelatedRow>(
                `${config.selectSql} ${page.clause}`,
                page.params,
              );
              return { total: counted.rows[0]?.count ?? 0, rows: related };
            });
            if (!disabled) ctx.state.pagination.totalCount = total;
            ctx.body = rows.map((row) => config.serialize(row));
          },
        );
      }

      router.post<GuardState<undefined, z.infer<typeof addBody>, IdParams>>(
        relationPath,
        koaGuard({ params: idParams, body: addBody }),
        async (ctx) => {
          const { params, body } = ctx.state.guard;
          await withErrors(async () => insertRelations(db.pg, params.id, idsOf(body)));
          ctx.status = 201;
        },
      );

      router.put<GuardState<undefined, z.infer<typeof replaceBody>, IdParams>>(
        relationPath,
        koaGuard({ params: idParams, body: replaceBody }),
        async (ctx) => {
          const { params, body } = ctx.state.guard;
          const ids = idsOf(body);
          await withErrors(async () =>
            db.transaction(async (tx) => {
              await tx.query(
                `delete from ${config.table}
                 where ${config.ownerColumn} = $1 and not (${config.relatedColumn} = any($2::varchar[]))`,
                [params.id, ids],
              );
              if (ids.length > 0) await insertRelations(tx, params.id, ids);
            }),
          );
          ctx.status = 204;
        },
      );

      router.delete<GuardState<undefined, undefined, z.infer<typeof deleteParams>>>(
        `${relationPath}/:${config.idParam}`,
        koaGuard({ params: deleteParams }),
        async (ctx) => {
          const { params } = ctx.state.guard;
          await deleteOrNotFound(
            db.pg,
            `delete from ${config.table}
             where ${config.ownerColumn} = $1 and ${config.relatedColumn} = $2
             returning ${config.ownerColumn}`,
            [params.id, params[config.idParam]],
          );
          ctx.status = 204;
        },
      );
    },
  };
}
