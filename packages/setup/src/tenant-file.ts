import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

/**
 * `.data/tenant.json`: what the demo seed created, for the start script (it hands `spaAppId` to the BFF)
 * and for people. Git-ignored; it holds the demo passwords, which are public anyway.
 */
export const demoTenantSchema = z.object({
  logtoEndpoint: z.string(),
  spaAppId: z.string(),
  portalApiResource: z.string(),
  organizations: z.array(z.object({ key: z.string(), id: z.string(), name: z.string() })),
  demoAccounts: z.array(
    z.object({
      userId: z.string(),
      username: z.string(),
      email: z.string(),
      password: z.string(),
      name: z.string(),
      description: z.string(),
    }),
  ),
  seededAt: z.string(),
});

export type DemoTenant = z.infer<typeof demoTenantSchema>;

export async function writeTenantFile(file: string, tenant: DemoTenant): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename, so that a reader never sees half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(tenant, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}

/** The tenant file, or undefined when it does not exist or is not one. */
export async function readTenantFile(file: string): Promise<DemoTenant | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = demoTenantSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
