/** The last page number for a total, at least 1 (an empty list still has its one page). */
export const pageCount = (totalCount: number, pageSize: number) =>
  Math.max(1, Math.ceil(totalCount / pageSize));

/** The first and last item shown on a page ("21–40 of 1,004"), 0 and 0 for an empty page. */
export function pageRange(page: number, pageSize: number, shown: number) {
  const first = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  return { first, last: shown === 0 ? 0 : first + shown - 1 };
}
