import type Koa from 'koa';
import { errors } from 'oidc-provider';
import { z } from 'zod';

/**
 * Logto's English `errors:oidc.*` phrases. Logto translates without passing the error's values, and
 * i18next leaves unknown `{{placeholders}}` as they are, so those two messages carry them literally.
 */
const oidcMessages: Record<string, string> = {
  aborted: 'The end-user aborted interaction.',
  invalid_scope: 'Invalid scope: {{error_description}}.',
  invalid_token: 'Invalid token provided.',
  invalid_client_metadata: 'Invalid client metadata provided.',
  insufficient_scope: 'Token missing scope `{{scope}}`.',
  invalid_request: 'Request is invalid.',
  invalid_grant: 'Grant request is invalid.',
  invalid_issuer: 'Invalid issuer.',
  invalid_redirect_uri:
    "`redirect_uri` did not match any of the client's registered `redirect_uris`.",
  access_denied: 'Access denied.',
  invalid_target: 'Invalid resource indicator.',
  unsupported_grant_type: 'Unsupported `grant_type` requested.',
  unsupported_response_mode: 'Unsupported `response_mode` requested.',
  unsupported_response_type: 'Unsupported `response_type` requested.',
  server_error: 'An unknown OIDC error occurred. Please try again later.',
};

const sessionNotFoundMessage = 'Session not found. Please go back and sign in again.';

/** Logto's supplementary `error_uri`s. */
const errorUris: Record<string, string> = {
  invalid_grant: 'https://openid.sh/debug/invalid_grant',
};

const oauthErrorBodyGuard = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

/** oidc-provider's `errOut`: what an error looks like on the wire before Logto decorates it. */
function errorOut(error: errors.OIDCProviderError): Record<string, unknown> {
  if (!error.expose)
    return { error: 'server_error', error_description: 'oops! something went wrong' };
  return {
    error: error.message,
    ...(error.error_description === undefined
      ? {}
      : { error_description: error.error_description }),
    ...('scope' in error && typeof error.scope === 'string' ? { scope: error.scope } : {}),
  };
}

/** Logto's `isSessionNotFound`, read from the description as Logto does. */
const isSessionNotFound = (description?: string) =>
  Boolean(
    (description?.includes('session') && description.includes('not found')) ||
    description?.includes('authorization request has expired'),
  );

/**
 * Logto's `koaOidcErrorHandler`: every oidc-provider error body keeps `error` / `error_description` and gains
 * Logto's `code` (`oidc.<error>`), an English `message`, and `error_uri` where Logto has one
 * (oidc-samples/08-10, 13-16, 27, 30).
 */
export const koaOidcErrorBody: Koa.Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (error: unknown) {
    if (!(error instanceof errors.OIDCProviderError)) throw error;
    ctx.status = error.statusCode || 500;
    ctx.body = errorOut(error);
  }

  if (ctx.status < 400) return;
  const parsed = oauthErrorBodyGuard.safeParse(ctx.body);
  if (!parsed.success) return;

  const { error, error_description: description } = parsed.data;
  const code = isSessionNotFound(description) ? 'session.not_found' : `oidc.${error}`;
  const message =
    code === 'session.not_found'
      ? sessionNotFoundMessage
      : (oidcMessages[error] ?? `An OIDC error occurred: ${code}.`);
  const errorUri = errorUris[error];
  ctx.body = {
    code,
    message,
    ...(errorUri === undefined ? {} : { error_uri: errorUri }),
    ...parsed.data,
  };
};
