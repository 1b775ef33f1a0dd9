import type { Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';

/**
 * Logto's `buildFindEntityById`: the row with this id, or 404 `entity.not_exists_with_id` naming the
 * table (`The organizations with ID … does not exist.`).
 */
export async function findEntityById<Row>(
  db: Queryable,
  table: string,
  columns: string,
  id: string,
): Promise<Row> {
  const { rows } = await db.query<Row>(`select ${columns} from ${table} where id = $1`, [id]);
  const [row] = rows;
  if (!row) {
    throw new RequestError({
      code: 'entity.not_exists_with_id',
      status: 404,
      values: { name: table, id },
    });
  }
  return row;
}

/**
 * A delete that must remove something (Logto's `DeletionError`, and its relation deletes): when
 * nothing was deleted, 404 `entity.not_found`. `sql` must end in a `returning` clause.
 */
export async function deleteOrNotFound(db: Queryable, sql: string, params: unknown[]) {
  const { rows } = await db.query(sql, params);
  if (rows.length === 0) throw new RequestError({ code: 'entity.not_found', status: 404 });
}
