import { z } from 'zod';

/** One pagination convention for every BFF list: `page` from 1, `pageSize` 1..100 (default 20). */
export const maxPageSize = 100;
export const defaultPageSize = 20;

export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(maxPageSize).default(defaultPageSize),
});

export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

/** A page of a list. The BFF also sends `Total-Number` and `Link` headers, as Logto does. */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    totalCount: z.number().int().min(0),
  });

export type Page<Item> = { items: Item[]; page: number; pageSize: number; totalCount: number };
