import {
  defaultPageSize,
  listMembersQuerySchema,
  logtoIdSchema,
  type ListMembersQuery,
} from '@portal/shared';
import { z } from 'zod';

/** The page sizes offered; the BFF accepts 1..100. */
export const memberPageSizes = [10, 20, 50, 100] as const;

/** What the members page shows, as kept in the URL (`?page=2&q=ada&role=…&size=50`). */
export type MembersSearch = {
  page: number;
  q: string;
  roleId: string | undefined;
  pageSize: number;
};

const pageSchema = z.coerce.number().int().min(1).catch(1);
const sizeSchema = z.coerce
  .number()
  .int()
  .refine((size) => memberPageSizes.some((allowed) => allowed === size))
  .catch(defaultPageSize);

/** Reads the URL leniently: a hand-edited or stale value falls back to the default, never an error page. */
export function membersSearchFromParams(params: URLSearchParams): MembersSearch {
  const role = params.get('role');
  return {
    page: pageSchema.parse(params.get('page') ?? 1),
    q: (params.get('q') ?? '').trim().slice(0, 128),
    roleId: role && logtoIdSchema.safeParse(role).success ? role : undefined,
    pageSize: sizeSchema.parse(params.get('size') ?? defaultPageSize),
  };
}

/** Writes only what differs from the defaults, so the plain page has a plain URL. */
export function membersSearchToParams(search: MembersSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.roleId) params.set('role', search.roleId);
  if (search.page > 1) params.set('page', String(search.page));
  if (search.pageSize !== defaultPageSize) params.set('size', String(search.pageSize));
  return params;
}

/** The BFF query for a search; the same object is the query key, so equal searches share a cache entry. */
export function membersListQuery(search: MembersSearch): ListMembersQuery {
  return listMembersQuerySchema.parse({
    page: search.page,
    pageSize: search.pageSize,
    ...(search.q ? { q: search.q } : {}),
    ...(search.roleId ? { roleId: search.roleId } : {}),
  });
}

export const hasFilters = (search: MembersSearch) => search.q !== '' || search.roleId !== undefined;
