/**
 * `Total-Number` and `Link` (first, prev, next, last) for a page of a list, as Logto sends them, with the
 * BFF's own parameter names and the request's other query parameters (filters) kept.
 */
export function paginationHeaders(
  url: URL,
  { page, pageSize, totalCount }: { page: number; pageSize: number; totalCount: number },
): Record<string, string> {
  const lastPage = Math.max(1, Math.ceil(totalCount / pageSize));
  const link = (target: number, rel: string) => {
    const pageUrl = new URL(url);
    pageUrl.searchParams.set('page', String(target));
    pageUrl.searchParams.set('pageSize', String(pageSize));
    return `<${pageUrl.href}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'));
  links.push(link(lastPage, 'last'));
  return { 'Total-Number': String(totalCount), Link: links.join(', ') };
}
