import { z } from 'zod';

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string())
  .optional()
  .transform((value) => (value ? value : undefined));

const envSchema = z
  .object({
    /** A real Logto to test instead of a fresh in-memory emulator, e.g. http://localhost:3001. */
    LOGTO_ENDPOINT: optionalText.pipe(z.url().optional()),
    LOGTO_M2M_APP_ID: optionalText,
    LOGTO_M2M_APP_SECRET: optionalText,
    /** OSS: https://default.logto.app/api; Cloud: https://<tenant>.logto.app/api. */
    LOGTO_MANAGEMENT_API_RESOURCE: optionalText.pipe(
      z.url().default('https://default.logto.app/api'),
    ),
    /** Defaults to `${LOGTO_ENDPOINT}/oidc/token`. */
    LOGTO_TOKEN_ENDPOINT: optionalText.pipe(z.url().optional()),
    /**
     * Whether the real Logto has an email connector with an `OrganizationInvitation` template. A real
     * tenant cannot be switched, so the 501 tests run only with `absent` and the sending tests only
     * with `present`; unset skips both.
     */
    LOGTO_EMAIL_CONNECTOR: optionalText.pipe(z.enum(['present', 'absent']).optional()),
  })
  .superRefine((env, context) => {
    const required = ['LOGTO_ENDPOINT', 'LOGTO_M2M_APP_ID', 'LOGTO_M2M_APP_SECRET'] as const;
    const given = required.filter((key) => env[key] !== undefined);
    if (given.length > 0 && given.length < required.length) {
      for (const key of required.filter((key) => env[key] === undefined)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `required when ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set`,
        });
      }
    }
  });

export type ConformanceEnv = z.infer<typeof envSchema>;

/** The conformance suite's configuration; the only place in conformance/ that reads process.env. */
export function readConformanceEnv(source: NodeJS.ProcessEnv = process.env): ConformanceEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid conformance configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
