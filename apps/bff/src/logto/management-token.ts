import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * The M2M access token for Logto's Management API (client_credentials, `scope=all`, the Management API
 * as `resource`). Our own provider rather than @logto/api's `ClientCredentials`: that one sends the
 * secret in the body, fetches once per concurrent caller, and cannot drop a token Logto has refused.
 */
export type ManagementTokenSource = {
  /** A usable token: the cached one, or a fresh one (one request at a time, shared by all callers). */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (Logto answered 401 to it); a newer one is kept. */
  invalidate(token: string): void;
};

export type ManagementTokenConfig = {
  tokenEndpoint: string;
  managementApiResource: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
  logger?: Logger;
};

/**
 * Why no token could be had. `unreachable` and 502/503/504 are worth another try (nothing reached the
 * Management API yet); `rejected` (credentials, resource or scope refused) is a configuration problem.
 */
export class TokenEndpointError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'rejected' | 'failed',
    readonly status?: number,
    /** The OAuth `error` (`invalid_client`, `invalid_target`, ...), for the logs. */
    readonly oauthError?: string,
  ) {
    super(
      `Could not get a Management API token: ${kind}` +
        (status === undefined ? '' : ` (HTTP ${status}${oauthError ? ` ${oauthError}` : ''})`),
    );
    this.name = 'TokenEndpointError';
  }
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});
const oauthErrorSchema = z.object({ error: z.string() });

/** Refetch this long before expiry, so a token never expires between our check and Logto's. */
const expiryLeewayMs = 60_000;

export function createManagementTokenSource(config: ManagementTokenConfig): ManagementTokenSource {
  let cached: { value: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let warnedAboutScope = false;

  const fetchToken = async (): Promise<string> => {
    const startedAt = Date.now();
    let response: Response;
    try {
      response = await fetch(config.tokenEndpoint, {
        method: 'POST',
        headers: {
          // client_secret_basic (RFC 6749 2.3.1: each part form-encoded, then base64).
          authorization: `Basic ${Buffer.from(
            `${encodeURIComponent(config.appId)}:${encodeURIComponent(config.appSecret)}`,
          ).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          resource: config.managementApiResource,
          scope: 'all',
        }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      throw new TokenEndpointError(isTimeout(error) ? 'timeout' : 'unreachable');
    }

    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (isTimeout(error)) throw new TokenEndpointError('timeout');
      body = undefined;
    }
    if (!response.ok) {
      const oauthError = oauthErrorSchema.safeParse(body).data?.error;
      const kind = response.status >= 400 && response.status < 500 ? 'rejected' : 'failed';
      config.logger?.error(
        { status: response.status, oauthError, tokenEndpoint: config.tokenEndpoint },
        'Logto refused the Management API token request',
      );
      throw new TokenEndpointError(kind, response.status, oauthError);
    }
    const token = tokenResponseSchema.safeParse(body);
    if (!token.success) {
      config.logger?.error(
        { status: response.status, tokenEndpoint: config.tokenEndpoint },
        'The token endpoint answered without an access token',
      );
      throw new TokenEndpointError('failed', response.status);
    }
    const { access_token: value, expires_in: expiresIn, scope } = token.data;
    if (!warnedAboutScope && !scope?.split(' ').includes('all')) {
      warnedAboutScope = true;
      config.logger?.warn(
        { scope, appId: config.appId },
        'The Management API token lacks the `all` scope: give the M2M app a role with the Management API permission',
      );
    }
    const lifetimeMs = expiresIn * 1000;
    // A very short-lived token (tests, odd setups) is still reused for half its life.
    cached = {
      value,
      refreshAt: startedAt + lifetimeMs - Math.min(expiryLeewayMs, lifetimeMs / 2),
    };
    return value;
  };

  return {
    async get() {
      if (cached && Date.now() < cached.refreshAt) return cached.value;
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
  };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
