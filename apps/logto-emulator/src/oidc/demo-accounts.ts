import { z } from 'zod';

import type { Queryable } from '../db/database.js';

/**
 * The accounts the sign-in page lists, with their passwords, so that anyone running the emulator can sign
 * in. The seed registers them (after creating the users) with {@link registerDemoAccounts}; they live in
 * `emulator_settings`, so a reset (which clears that table) forgets them together with the users.
 */
export const demoAccountGuard = z.object({
  email: z.string().min(1),
  password: z.string().min(1),
  /** What the account is for, e.g. "Admin of Acme (1,200 members)". */
  description: z.string().default(''),
});
export type DemoAccount = z.input<typeof demoAccountGuard>;

const demoAccountsKey = 'demo_accounts';
const demoAccountsGuard = z.array(demoAccountGuard);

/** Replaces the list of demo accounts shown on the sign-in page. Works inside a seed transaction (`tx`). */
export async function registerDemoAccounts(
  db: Queryable,
  accounts: readonly DemoAccount[],
): Promise<void> {
  const value = JSON.stringify(demoAccountsGuard.parse(accounts));
  await db.query(
    `insert into emulator_settings (key, value) values ($1, $2::jsonb)
     on conflict (key) do update set value = excluded.value`,
    [demoAccountsKey, value],
  );
}

/** The registered demo accounts, or none. */
export async function listDemoAccounts(
  db: Queryable,
): Promise<Array<z.output<typeof demoAccountGuard>>> {
  const { rows } = await db.query<{ value: unknown }>(
    'select value from emulator_settings where key = $1',
    [demoAccountsKey],
  );
  const parsed = demoAccountsGuard.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : [];
}
