/**
 * Logto's generic CRUD helpers (packages/integration-tests/src/api/factory.ts: `ApiFactory` and
 * `RelationApiFactory`), rewritten on our client, plus the record-and-clean-up classes of its
 * helpers (helpers/organization.ts: `cleanUp` ignores failures, since a test may delete what it made).
 */
import { z } from 'zod';

import { send, sendFor, type Query } from './client.js';

export class ApiFactory<Schema extends z.ZodType> {
  constructor(
    readonly path: string,
    readonly schema: Schema,
  ) {}

  async create(data: Record<string, unknown>): Promise<z.infer<Schema>> {
    return sendFor(this.schema, 'POST', this.path, { json: data });
  }

  async getList(query?: Query): Promise<Array<z.infer<Schema>>> {
    return sendFor(z.array(this.schema), 'GET', this.path, { query });
  }

  async get(id: string): Promise<z.infer<Schema>> {
    return sendFor(this.schema, 'GET', `${this.path}/${id}`);
  }

  async update(id: string, data: Record<string, unknown>): Promise<z.infer<Schema>> {
    return sendFor(this.schema, 'PATCH', `${this.path}/${id}`, { json: data });
  }

  async delete(id: string): Promise<void> {
    await send('DELETE', `${this.path}/${id}`);
  }
}

/** Remembers what `create` made; `cleanUp` deletes it all, ignoring errors (Logto's `trySafe`). */
export class TrackedApiFactory<
  Schema extends z.ZodType<{ id: string }>,
> extends ApiFactory<Schema> {
  #created: Array<z.infer<Schema>> = [];

  /** What this helper created since the last `cleanUp`, oldest first. */
  get created(): Array<z.infer<Schema>> {
    return this.#created;
  }

  override async create(data: Record<string, unknown>): Promise<z.infer<Schema>> {
    const created = await super.create(data);
    this.#created.push(created);
    return created;
  }

  async cleanUp(): Promise<void> {
    const created = this.#created;
    this.#created = [];
    await Promise.all(created.map(async ({ id }) => this.delete(id).catch(() => undefined)));
  }
}

/** `/{basePath}/{id}/{relationPath}`: add by `{ [relationKey]: ids }`, list, delete one. */
export class RelationApiFactory<Schema extends z.ZodType> {
  constructor(
    readonly options: {
      basePath: string;
      relationPath: string;
      relationKey: string;
      schema: Schema;
    },
  ) {}

  #path(id: string): string {
    return `${this.options.basePath}/${id}/${this.options.relationPath}`;
  }

  async getList(
    id: string,
    page?: number,
    pageSize?: number,
    query?: Record<string, string>,
  ): Promise<Array<z.infer<Schema>>> {
    const search = new URLSearchParams(query);
    if (page) search.set('page', String(page));
    if (pageSize) search.set('page_size', String(pageSize));
    return sendFor(z.array(this.options.schema), 'GET', this.#path(id), { query: search });
  }

  async add(id: string, relationIds: string[]): Promise<void> {
    await send('POST', this.#path(id), { json: { [this.options.relationKey]: relationIds } });
  }

  async replace(id: string, relationIds: string[]): Promise<void> {
    await send('PUT', this.#path(id), { json: { [this.options.relationKey]: relationIds } });
  }

  async delete(id: string, relationId: string): Promise<void> {
    await send('DELETE', `${this.#path(id)}/${relationId}`);
  }
}
