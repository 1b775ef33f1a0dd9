import {
  defaultPageSize,
  invitationStatusSchema,
  listInvitationsQuerySchema,
  type InvitationStatus,
  type ListInvitationsQuery,
} from '@portal/shared';
import { z } from 'zod';

/** The page sizes offered; the BFF accepts 1..100. */
export const invitationPageSizes = [10, 20, 50, 100] as const;

/** What the invitations page shows, as kept in the URL (`?status=Pending&q=ada&page=2&size=50`). */
export type InvitationsSearch = {
  page: number;
  q: string;
  status: InvitationStatus | undefined;
  pageSize: number;
};

const pageSchema = z.coerce.number().int().min(1).catch(1);
const sizeSchema = z.coerce
  .number()
  .int()
  .refine((size) => invitationPageSizes.some((allowed) => allowed === size))
  .catch(defaultPageSize);

/** Reads the URL leniently: a hand-edited or stale value falls back to the default. */
export function invitationsSearchFromParams(params: URLSearchParams): InvitationsSearch {
  const status = invitationStatusSchema.safeParse(params.get('status'));
  return {
    page: pageSchema.parse(params.get('page') ?? 1),
    q: (params.get('q') ?? '').trim().slice(0, 128),
    status: status.success ? status.data : undefined,
    pageSize: sizeSchema.parse(params.get('size') ?? defaultPageSize),
  };
}

/** Writes only what differs from the defaults, so the plain page has a plain URL. */
export function invitationsSearchToParams(search: InvitationsSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.status) params.set('status', search.status);
  if (search.q) params.set('q', search.q);
  if (search.page > 1) params.set('page', String(search.page));
  if (search.pageSize !== defaultPageSize) params.set('size', String(search.pageSize));
  return params;
}

/** The BFF query for a search; the same object is the query key. */
export function invitationsListQuery(search: InvitationsSearch): ListInvitationsQuery {
  return listInvitationsQuerySchema.parse({
    page: search.page,
    pageSize: search.pageSize,
    ...(search.q ? { q: search.q } : {}),
    ...(search.status ? { status: search.status } : {}),
  });
}

export const hasFilters = (search: InvitationsSearch) =>
  search.q !== '' || search.status !== undefined;
