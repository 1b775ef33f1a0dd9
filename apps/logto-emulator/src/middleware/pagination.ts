import type { Middleware } from 'koa';

import { RequestError } from '../errors.js';

export type Pagination = {
  /** Both `page` and `page_size` absent (or empty) on an optionally paginated route: return everything. */
  disabled: boolean;
  limit: number;
  offset: number;
  /** Set by the route; the middleware turns it into `Total-Number` and `Link` headers. */
  totalCount?: number;
};

export type PaginationState = { pagination: Pagination };

const defaultPageSize = 20;
const maxPageSize = 100;

/**
 * Logto's `number().positive()` over `Number(raw)`: any string JavaScript reads as a number above 0
 * (`2`, `2.0`, `1e1`, ` 3`); `NaN` (text, repeated parameters) fails. An empty value counts as absent.
 */
function parsePageValue(raw: string | string[] | undefined, fallback: number, max = Infinity) {
  if (!raw) return fallback;
  const value = Number(raw);
  return value > 0 && value <= max ? value : undefined;
}

/**
 * Logto's `koa-pagination` (CONTRACT.md 0.4): `page` (> 0) and `page_size` (> 0, ≤ 100), 400
 * `guard.invalid_pagination` otherwise; `Total-Number` and `Link` (first, prev, last, next) after the
 * route ran. The links are built from the origin and the path below `/api`, as Logto's are.
 */
export function koaPagination({ isOptional = false } = {}): Middleware<PaginationState> {
  return async (ctx, next) => {
    const { page: rawPage, page_size: rawPageSize } = ctx.query;
    // Like Logto, "absent" is any falsy value: `?page=&page_size=` disables optional pagination too.
    const disabled = isOptional && !rawPage && !rawPageSize;
    const page = parsePageValue(rawPage, 1);
    const pageSize = parsePageValue(rawPageSize, defaultPageSize, maxPageSize);
    if (page === undefined || pageSize === undefined) {
      throw new RequestError({ code: 'guard.invalid_pagination', status: 400 });
    }
    const offset = (page - 1) * pageSize;
    if (!disabled && (!Number.isSafeInteger(offset) || !Number.isSafeInteger(pageSize))) {
      // Logto binds these to `limit`/`offset` and Postgres refuses a fraction (`page_size=1.5`): a bare 500.
      // (`page=1.5&page_size=20` is offset 10, which works.)
      throw new Error(`Pagination values Postgres cannot use: limit ${pageSize}, offset ${offset}`);
    }

    ctx.state.pagination = { disabled, limit: pageSize, offset };
    await next();

    const { totalCount } = ctx.state.pagination;
    if (disabled || totalCount === undefined) return;

    const totalPage = Math.ceil(totalCount / pageSize) || 1;
    const currentPage = Math.floor(offset / pageSize) + 1;
    const pathBelowApi = ctx.path.replace(/^\/api(?=\/)/, '');
    // Logto's `buildLink`: `new URLSearchParams({ ...request.query, page })`, so the request's parameters in
    // their order (repeated ones joined with commas), `page` replaced where it stands or appended, and
    // form encoding (`+` for a space).
    const linkTo = (target: number) => {
      const query = Object.fromEntries(
        Object.entries({ ...ctx.query, page: String(target) }).map(([key, value]) => [
          key,
          String(value),
        ]),
      );
      // Koa 3's `ctx.origin` is the Origin request header (null for server-side calls), not protocol://host.
      return `${ctx.protocol}://${ctx.host}${pathBelowApi}?${new URLSearchParams(query).toString()}`;
    };
    const links = [`<${linkTo(1)}>; rel="first"`];
    if (currentPage > 1) links.push(`<${linkTo(currentPage - 1)}>; rel="prev"`);
    links.push(`<${linkTo(totalPage)}>; rel="last"`);
    if (currentPage < totalPage) links.push(`<${linkTo(currentPage + 1)}>; rel="next"`);

    ctx.set('Total-Number', String(totalCount));
    ctx.set('Link', links);
  };
}
