import { RequestError } from '../errors.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import {
  readSignInExperience,
  signInExperienceGuard,
  writeSignInExperience,
  type SignInExperience,
} from '../oidc/sign-in-experience.js';
import type { RouteModule } from './types.js';

/**
 * `GET/PATCH /api/sign-in-exp` after Logto's `routes/sign-in-experience`: one tenant-wide row, answered whole;
 * PATCH merges the given top-level keys (each replaced wholesale) after Logto's sign-up and sign-in checks.
 */

const urlOrEmpty = z.string().url().or(z.literal('')).nullable().optional();

/** `SignInExperiences.createGuard.omit({ id, ...urls }).merge(urls).partial()` */
const patchBody = signInExperienceGuard
  .omit({
    id: true,
    termsOfUseUrl: true,
    privacyPolicyUrl: true,
    supportEmail: true,
    supportWebsiteUrl: true,
    unknownSessionRedirectUrl: true,
  })
  .extend({
    termsOfUseUrl: urlOrEmpty,
    privacyPolicyUrl: urlOrEmpty,
    supportEmail: z.string().email().or(z.literal('')).nullable().optional(),
    supportWebsiteUrl: urlOrEmpty,
    unknownSessionRedirectUrl: urlOrEmpty,
  })
  .partial();
type PatchBody = z.infer<typeof patchBody>;

/** Logto's `validateSignUp`: email/phone sign-up needs its connector and verification; username a password. */
function validateSignUp(signUp: SignInExperience['signUp'], hasEmailConnector: boolean) {
  for (const identifier of signUp.identifiers) {
    if (identifier === 'email' && !hasEmailConnector)
      throw new RequestError({
        code: 'sign_in_experiences.enabled_connector_not_found',
        values: { type: 'Email' },
      });
    if (identifier === 'phone')
      // The emulator has no SMS connector.
      throw new RequestError({
        code: 'sign_in_experiences.enabled_connector_not_found',
        values: { type: 'Sms' },
      });
    if (identifier === 'username' && !signUp.password)
      throw new RequestError('sign_in_experiences.username_requires_password');
    // (phone was refused above: the emulator has no SMS connector)
    if (identifier === 'email' && !signUp.verify)
      throw new RequestError('sign_in_experiences.passwordless_requires_verify');
  }
}

/** Logto's `validateSignIn`. */
function validateSignIn(
  signIn: SignInExperience['signIn'],
  signUp: SignInExperience['signUp'],
  hasEmailConnector: boolean,
) {
  const codeFor = (identifier: string) =>
    signIn.methods.some((method) => method.verificationCode && method.identifier === identifier);
  if (codeFor('email') && !hasEmailConnector)
    throw new RequestError({
      code: 'sign_in_experiences.enabled_connector_not_found',
      values: { type: 'Email' },
    });
  if (codeFor('phone'))
    throw new RequestError({
      code: 'sign_in_experiences.enabled_connector_not_found',
      values: { type: 'Sms' },
    });
  if (!signIn.methods.every(({ password, verificationCode }) => password || verificationCode))
    throw new RequestError('sign_in_experiences.at_least_one_authentication_factor');
  if (
    signUp.verify &&
    !signUp.password &&
    !signIn.methods.every(
      ({ verificationCode, identifier }) => verificationCode || identifier === 'username',
    )
  )
    throw new RequestError('sign_in_experiences.code_sign_in_must_be_enabled');
}

export const signInExperienceRoutes: RouteModule = (router, { db, mailer }) => {
  router.get('/sign-in-exp', async (ctx) => {
    ctx.body = await readSignInExperience(db.pg);
  });

  router.patch<GuardState<undefined, PatchBody, undefined>>(
    '/sign-in-exp',
    koaGuard({ body: patchBody }),
    async (ctx) => {
      const { body } = ctx.state.guard;
      const current = await readSignInExperience(db.pg);
      const hasEmailConnector = mailer.isConnectorEnabled();
      if (body.signUp) validateSignUp(body.signUp, hasEmailConnector);
      if (body.signIn) validateSignIn(body.signIn, body.signUp ?? current.signUp, hasEmailConnector);
      if (body.hideLogtoBranding)
        // Logto answers this outside its Cloud; the emulator is an OSS tenant.
        throw new RequestError({
          code: 'request.invalid_input',
          values: { details: 'Hide Logto branding is not supported in this environment' },
        });
      const next: SignInExperience = {
        ...current,
        ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
        // Logto stores an empty string as given; `null` clears.
        termsOfUseUrl: body.termsOfUseUrl === undefined ? current.termsOfUseUrl : body.termsOfUseUrl,
        privacyPolicyUrl:
          body.privacyPolicyUrl === undefined ? current.privacyPolicyUrl : body.privacyPolicyUrl,
        supportEmail: body.supportEmail === undefined ? current.supportEmail : body.supportEmail,
        supportWebsiteUrl:
          body.supportWebsiteUrl === undefined ? current.supportWebsiteUrl : body.supportWebsiteUrl,
        unknownSessionRedirectUrl:
          body.unknownSessionRedirectUrl === undefined
            ? current.unknownSessionRedirectUrl
            : body.unknownSessionRedirectUrl,
        // The row's identity is not the caller's to change.
        tenantId: current.tenantId,
        id: current.id,
      };
      const stored = signInExperienceGuard.parse(next);
      await writeSignInExperience(db.pg, stored);
      ctx.body = stored;
    },
  );
};
