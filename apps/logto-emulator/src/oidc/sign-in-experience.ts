// zod 3, as Logto's guards: the Management API route parses bodies with these (its errors carry zod 3 issues).
import { z } from 'zod/v3';

import type { Queryable } from '../db/database.js';

/**
 * The tenant's sign-in experience (Logto's `SignInExperience`, table `sign_in_experiences`, row `default`).
 * The emulator's sign-in pages obey `signIn`, `signUp`, `signInMode` and `passwordPolicy`; the other keys
 * (branding, colours, MFA, captcha, ...) are stored and answered as Logto does, but change nothing here.
 */

export const signInIdentifiers = ['username', 'email', 'phone'] as const;
export type SignInIdentifier = (typeof signInIdentifiers)[number];
const identifierGuard = z.enum(signInIdentifiers);

export const signInMethodGuard = z.object({
  identifier: identifierGuard,
  password: z.boolean(),
  verificationCode: z.boolean(),
  isPasswordPrimary: z.boolean(),
});
export type SignInMethod = z.infer<typeof signInMethodGuard>;

export const signInGuard = z.object({ methods: z.array(signInMethodGuard) });

export const signUpGuard = z.object({
  identifiers: z.array(identifierGuard),
  password: z.boolean(),
  verify: z.boolean(),
  secondaryIdentifiers: z
    .array(
      z.object({
        identifier: z.enum(['username', 'email', 'phone', 'emailOrPhone']),
        verify: z.boolean().optional(),
      }),
    )
    .optional(),
});
export type SignUp = z.infer<typeof signUpGuard>;

/** @logto/core-kit's `passwordPolicyGuard` (every key optional, defaults filled in when checking). */
export const passwordPolicyGuard = z.object({
  length: z
    .object({ min: z.number().int().min(1).optional(), max: z.number().int().optional() })
    .optional(),
  characterTypes: z.object({ min: z.number().int().min(1).max(4).optional() }).optional(),
  rejects: z
    .object({
      pwned: z.boolean().optional(),
      repetitionAndSequence: z.boolean().optional(),
      userInfo: z.boolean().optional(),
      words: z.array(z.string()).optional(),
    })
    .optional(),
});
export type PasswordPolicy = z.infer<typeof passwordPolicyGuard>;

const jsonObject = z.record(z.string(), z.unknown());

/** `SignInExperiences.guard` for the keys a 1.42.0 tenant answers. */
export const signInExperienceGuard = z.object({
  tenantId: z.string(),
  id: z.string(),
  color: jsonObject,
  branding: jsonObject,
  hideLogtoBranding: z.boolean(),
  languageInfo: jsonObject,
  termsOfUseUrl: z.string().nullable(),
  privacyPolicyUrl: z.string().nullable(),
  agreeToTermsPolicy: z.enum(['Automatic', 'ManualRegistrationOnly', 'Manual']),
  signIn: signInGuard,
  signUp: signUpGuard,
  socialSignIn: jsonObject,
  socialSignInConnectorTargets: z.array(z.string()),
  signInMode: z.enum(['SignIn', 'Register', 'SignInAndRegister']),
  customCss: z.string().nullable(),
  customContent: z.record(z.string(), z.string()),
  customUiAssets: jsonObject.nullable(),
  passwordPolicy: passwordPolicyGuard,
  mfa: jsonObject,
  singleSignOnEnabled: z.boolean(),
  supportEmail: z.string().nullable(),
  supportWebsiteUrl: z.string().nullable(),
  unknownSessionRedirectUrl: z.string().nullable(),
  captchaPolicy: jsonObject,
  sentinelPolicy: jsonObject,
  emailBlocklistPolicy: jsonObject,
  forgotPasswordMethods: z
    .array(z.enum(['EmailVerificationCode', 'PhoneVerificationCode']))
    .nullable(),
});
export type SignInExperience = z.infer<typeof signInExperienceGuard>;

/**
 * The emulator's tenant before anyone changes it: what the portal needs (email or username with a password
 * to sign in; sign-up by email, verified with a code, then a password), with the column defaults of Logto's
 * `sign_in_experiences` table for the rest. A fresh Logto OSS tenant differs only in `signIn` and `signUp`
 * ({@link logtoOssSignInAndSignUp}); `pnpm bootstrap` says what to change there.
 */
export function defaultSignInExperience(): SignInExperience {
  return {
    tenantId: 'default',
    id: 'default',
    color: { primaryColor: '#6139F6', isDarkModeEnabled: false, darkPrimaryColor: '#8768F8' },
    branding: {
      style: 'Logo',
      logoUrl: 'https://logto.io/logo.svg',
      darkLogoUrl: 'https://logto.io/logo-dark.svg',
    },
    hideLogtoBranding: false,
    languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
    termsOfUseUrl: null,
    privacyPolicyUrl: null,
    agreeToTermsPolicy: 'Automatic',
    signIn: {
      methods: [
        { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
        {
          identifier: 'username',
          password: true,
          verificationCode: false,
          isPasswordPrimary: true,
        },
      ],
    },
    signUp: { identifiers: ['email'], password: true, verify: true },
    socialSignIn: {},
    socialSignInConnectorTargets: [],
    signInMode: 'SignInAndRegister',
    customCss: null,
    customContent: {},
    customUiAssets: null,
    passwordPolicy: {},
    mfa: { factors: [], policy: 'UserControlled' },
    singleSignOnEnabled: false,
    supportEmail: null,
    supportWebsiteUrl: null,
    unknownSessionRedirectUrl: null,
    captchaPolicy: {},
    sentinelPolicy: {},
    emailBlocklistPolicy: {},
    forgotPasswordMethods: null,
  };
}

/** A fresh Logto OSS tenant's `createDefaultSignInExperience`: username and password only, nothing verified. */
export const logtoOssSignInAndSignUp: Pick<SignInExperience, 'signIn' | 'signUp'> = {
  signIn: {
    methods: [
      { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
    ],
  },
  signUp: { identifiers: ['username'], password: true, verify: false },
};

const rowId = 'default';

/** The stored sign-in experience, or the fresh-tenant defaults. */
export async function readSignInExperience(db: Queryable): Promise<SignInExperience> {
  const { rows } = await db.query<{ data: unknown }>(
    'select data from sign_in_experiences where id = $1',
    [rowId],
  );
  const defaults = defaultSignInExperience();
  if (!rows[0]) return defaults;
  // Stored rows hold every key; parsing over the defaults keeps an older row readable after a key is added.
  return signInExperienceGuard.parse({ ...defaults, ...jsonObject.parse(rows[0].data) });
}

export async function writeSignInExperience(
  db: Queryable,
  experience: SignInExperience,
): Promise<void> {
  await db.query(
    `insert into sign_in_experiences (id, data) values ($1, $2::jsonb)
     on conflict (id) do update set data = excluded.data`,
    [rowId, JSON.stringify(experience)],
  );
}

// MARK: Password policy (@logto/core-kit's `PasswordPolicyChecker`, without the online `pwned` check)

export type FullPasswordPolicy = {
  length: { min: number; max: number };
  characterTypes: { min: number };
  rejects: { pwned: boolean; repetitionAndSequence: boolean; userInfo: boolean; words: string[] };
};

export function fullPasswordPolicy(policy: PasswordPolicy): FullPasswordPolicy {
  return {
    length: { min: policy.length?.min ?? 8, max: policy.length?.max ?? 256 },
    characterTypes: { min: policy.characterTypes?.min ?? 1 },
    rejects: {
      pwned: policy.rejects?.pwned ?? true,
      repetitionAndSequence: policy.rejects?.repetitionAndSequence ?? true,
      userInfo: policy.rejects?.userInfo ?? true,
      words: policy.rejects?.words ?? [],
    },
  };
}

/** One of Logto's `PasswordRejectionCode`s with the English text its sign-in page shows for it. */
export type PasswordIssue = { code: string; message: string };

const characterClasses = [/[a-z]/, /[A-Z]/, /\d/, /[^\dA-Za-z]/] as const;
// Logto accepts printable ASCII only.
const supportedCharacters = /^[\u0020-\u007E]*$/;
const sequences = [
  '0123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
];

/** Three or more of the same character in a row. */
const hasRepetition = (password: string) => /(.)\1\1/.test(password);

/** Three or more consecutive characters of a sequence, forwards or backwards, case-insensitively. */
function hasSequence(password: string): boolean {
  const lower = password.toLowerCase();
  for (let index = 0; index + 3 <= lower.length; index += 1) {
    const triple = lower.slice(index, index + 3);
    const reversed = [...triple].reverse().join('');
    if (sequences.some((sequence) => sequence.includes(triple) || sequence.includes(reversed)))
      return true;
  }
  return false;
}

/**
 * Checks a new password against the tenant's policy, in Logto's order; the first issue is what the page
 * shows. `pwned` needs Have I Been Pwned over the network, which the emulator never calls.
 */
export function checkPasswordPolicy(
  password: string,
  policy: PasswordPolicy,
  userInfo: { email?: string; username?: string; name?: string } = {},
): PasswordIssue | undefined {
  const { length, characterTypes, rejects } = fullPasswordPolicy(policy);
  if (password.length < length.min)
    return { code: 'password_rejected.too_short', message: `Minimum length is ${length.min}.` };
  if (password.length > length.max)
    return { code: 'password_rejected.too_long', message: `Maximum length is ${length.max}.` };
  if (!supportedCharacters.test(password))
    return {
      code: 'password_rejected.unsupported_characters',
      message: 'Unsupported character found.',
    };
  const types = characterClasses.filter((pattern) => pattern.test(password)).length;
  if (types < characterTypes.min)
    return {
      code: 'password_rejected.character_types',
      message: `At least ${characterTypes.min} types of characters are required.`,
    };
  if (rejects.repetitionAndSequence && hasRepetition(password))
    return {
      code: 'password_rejected.restricted.repetition',
      message: 'Avoid repeated characters.',
    };
  if (rejects.repetitionAndSequence && hasSequence(password))
    return {
      code: 'password_rejected.restricted.sequence',
      message: 'Avoid sequential characters.',
    };
  const lower = password.toLowerCase();
  if (rejects.userInfo) {
    const parts = [
      userInfo.email?.split('@')[0],
      userInfo.username,
      ...(userInfo.name?.split(/\s+/) ?? []),
    ].filter((part): part is string => typeof part === 'string' && part.length >= 3);
    if (parts.some((part) => lower.includes(part.toLowerCase())))
      return {
        code: 'password_rejected.restricted.user_info',
        message: 'Avoid using your personal information.',
      };
  }
  if (rejects.words.some((word) => word.length > 0 && lower.includes(word.toLowerCase())))
    return {
      code: 'password_rejected.restricted.words',
      message: 'Avoid using product context words.',
    };
  return undefined;
}
