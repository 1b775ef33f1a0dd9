import type { Middleware } from 'koa';

import { RequestError } from '../errors.js';

export type Pagination = {
  /** Both `page` and `page_size` absent on an optionally paginated route: return everything. */
  disabled: boolean;
  page: number;
  limit: number;
  offset: number;
  /** Set by the route; the middleware turns it into `Total-Number` and `Link` headers. */
  totalCount?: number;
};

export type PaginationState = { pagination: Pagination };

const defaultPageSize = 20;
const maxPageSize = 100;

function parsePositiveInteger(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 1 ? number : undefined;
}

/**
 * Logto's `koa-pagination` (CONTRACT.md 0.4): `page` (1..) and `page_size` (1..100), 400
 * `guard.invalid_pagination` otherwise; `Total-Number` and `Link` (first, prev, last, next) after the
 * route ran. The links are built from the origin and the path below `/api`, as Logto's are.
 */
export function koaPagination({ isOptional = false } = {}): Middleware<PaginationState> {
  return async (ctx, next) => {
    const { page: rawPage, page_size: rawPageSize } = ctx.query;
    const disabled = isOptional && rawPage === undefined && rawPageSize === undefined;
    const page = rawPage === undefined ? 1 : parsePositiveInteger(rawPage);
    const pageSize =
      rawPageSize === undefined ? defaultPageSize : parsePositiveInteger(rawPageSize);
    if (page === undefined || pageSize === undefined || pageSize > maxPageSize) {
      throw new RequestError({ code: 'guard.invalid_pagination', status: 400 });
    }

    ctx.state.pagination = { disabled, page, limit: pageSize, offset: (page - 1) * pageSize };
    await next();

    const { totalCount } = ctx.state.pagination;
    if (disabled || totalCount === undefined) return;

    const totalPage = Math.max(1, Math.ceil(totalCount / pageSize));
    const pathBelowApi = ctx.path.replace(/^\/api(?=\/)/, '');
    // Like Logto (samples 06, 07, 26): the request's own parameters in their order, `page` replaced where it
    // stands or appended, `page_size` only when the request had it.
    const linkTo = (target: number) => {
      const pairs = [...new URLSearchParams(ctx.querystring)];
      const pageIndex = pairs.findIndex(([key]) => key === 'page');
      const withPage =
        pageIndex === -1
          ? [...pairs, ['page', String(target)]]
          : pairs
              .filter(([key], index) => key !== 'page' || index === pageIndex)
              .map(([key, value]) => (key === 'page' ? ['page', String(target)] : [key, value]));
      const query = withPage
        .map(([key = '', value = '']) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
        .join('&');
      // Koa 3's `ctx.origin` is the Origin request header (null for server-side calls), not protocol://host.
      return `${ctx.protocol}://${ctx.host}${pathBelowApi}?${query}`;
    };
    const links = [`<${linkTo(1)}>; rel="first"`];
    if (page > 1) links.push(`<${linkTo(page - 1)}>; rel="prev"`);
    links.push(`<${linkTo(totalPage)}>; rel="last"`);
    if (page < totalPage) links.push(`<${linkTo(page + 1)}>; rel="next"`);

    ctx.set('Total-Number', String(totalCount));
    ctx.set('Link', links);
  };
}
