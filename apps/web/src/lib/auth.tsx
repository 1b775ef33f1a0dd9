import { LogtoProvider, LogtoRequestError, useLogto, type LogtoConfig } from '@logto/react';
import {
  allOrganizationPermissions,
  logtoUserScopes,
  supportPermissions,
  type PublicConfig,
} from '@portal/shared';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

import { createSerialQueue } from './serial-queue.js';
import { onSessionRejected } from './session-events.js';

/** What the SPA asks Logto for: profile, organizations with roles, every portal permission. */
export function buildLogtoConfig(config: PublicConfig): LogtoConfig {
  return {
    endpoint: config.logtoEndpoint,
    appId: config.appId,
    resources: [config.portalApiResource],
    scopes: [
      logtoUserScopes.email,
      logtoUserScopes.organizations,
      logtoUserScopes.organizationRoles,
      ...allOrganizationPermissions,
      supportPermissions.read,
      supportPermissions.write,
    ],
  };
}

export const callbackPath = '/callback';
export const signInRedirectUri = () => `${window.location.origin}${callbackPath}`;
export const postSignOutRedirectUri = () => `${window.location.origin}/`;

/** The Logto SDK reports failures through its context and returns nothing; this turns that into a throw. */
export class TokenUnavailableError extends Error {
  constructor(readonly what: 'id_token' | 'user_info' | 'organization_token' | 'access_token') {
    super(`Logto did not return the ${what.replace('_', ' ')}.`);
    this.name = 'TokenUnavailableError';
  }
}

/** One queue for the whole page: every refresh rotates the refresh token, so refreshes must not race. */
const tokenQueue = createSerialQueue();

export type AuthClient = {
  /** The ID token's claims, unverified here (the SDK verified the ID token when it stored it). */
  getIdTokenClaims: () => Promise<unknown>;
  fetchUserInfo: () => Promise<unknown>;
  /** For `/api/orgs/:orgId/*`: audience `urn:logto:organization:<orgId>`, the org's scopes. */
  getOrganizationToken: (organizationId: string) => Promise<string>;
  /** For `/api/me` and `/api/support/*` (and support staff on org routes): the portal API resource. */
  getPortalApiToken: () => Promise<string>;
};

const PortalApiResourceContext = createContext<string | undefined>(undefined);

export function useAuthClient(): AuthClient {
  const { getIdTokenClaims, fetchUserInfo, getOrganizationToken, getAccessToken } = useLogto();
  const portalApiResource = useContext(PortalApiResourceContext);
  return useMemo(
    () => ({
      getIdTokenClaims: async () =>
        (await getIdTokenClaims()) ?? Promise.reject(new TokenUnavailableError('id_token')),
      fetchUserInfo: () =>
        tokenQueue.run(
          async () =>
            (await fetchUserInfo()) ?? Promise.reject(new TokenUnavailableError('user_info')),
        ),
      getOrganizationToken: (organizationId) =>
        tokenQueue.run(
          async () =>
            (await getOrganizationToken(organizationId)) ??
            Promise.reject(new TokenUnavailableError('organization_token')),
        ),
      getPortalApiToken: () =>
        tokenQueue.run(async () => {
          if (!portalApiResource) throw new Error('useAuthClient needs an AuthProvider');
          return (
            (await getAccessToken(portalApiResource)) ??
            Promise.reject(new TokenUnavailableError('access_token'))
          );
        }),
    }),
    [getIdTokenClaims, fetchUserInfo, getOrganizationToken, getAccessToken, portalApiResource],
  );
}

/**
 * Signing out revokes the refresh token and clears local tokens. It waits in the token queue: a refresh
 * still in flight would otherwise store fresh tokens after the clearing, and the person would come back
 * from Logto still "signed in" with a revoked grant.
 */
export function useSignOut() {
  const { signOut } = useLogto();
  return useCallback(() => tokenQueue.run(() => signOut(postSignOutRedirectUri())), [signOut]);
}

const sessionEndedKey = 'portal.sessionEnded';

let sessionEndedNotice: boolean | undefined;

/** Whether the previous page ended a dead session (see SessionEndedWatcher); shown once per page load. */
export function takeSessionEndedNotice(): boolean {
  if (sessionEndedNotice === undefined) {
    try {
      sessionEndedNotice = sessionStorage.getItem(sessionEndedKey) === '1';
      sessionStorage.removeItem(sessionEndedKey);
    } catch {
      sessionEndedNotice = false;
    }
  }
  return sessionEndedNotice;
}

/**
 * Logto answers `invalid_grant` once the grant is gone (revoked, expired, refresh-token reuse). Nothing
 * works after that, so forget the tokens and start again from the welcome page, saying why.
 */
function SessionEndedWatcher() {
  const { error, clearAllTokens, isAuthenticated } = useLogto();
  const endSession = useCallback(
    () =>
      void tokenQueue.run(async () => {
        await clearAllTokens();
        try {
          sessionStorage.setItem(sessionEndedKey, '1');
        } catch {
          // The welcome page then just doesn't say why.
        }
        window.location.assign('/');
      }),
    [clearAllTokens],
  );
  useEffect(() => {
    // Only a session that existed can end; a failed code exchange is the callback page's to explain.
    if (
      !isAuthenticated ||
      !(error instanceof LogtoRequestError) ||
      error.code !== 'oidc.invalid_grant'
    )
      return;
    endSession();
  }, [error, isAuthenticated, endSession]);
  // The BFF refused a token (401): signing in again is the only way forward.
  useEffect(() => onSessionRejected(endSession), [endSession]);
  return null;
}

const returnPathKey = 'portal.returnPath';

/** Only a path on this site (never `//elsewhere`): the callback sends the browser there. */
export const isSafeReturnPath = (path: string | null): path is string =>
  path !== null && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');

/** Where to go after signing in: the page the person asked for before being sent to Logto. */
export function rememberReturnPath(path: string) {
  try {
    if (isSafeReturnPath(path) && path !== callbackPath)
      sessionStorage.setItem(returnPathKey, path);
  } catch {
    // They land on the home page instead.
  }
}

/**
 * Read, not removed: the callback may run more than once (React re-renders it), and every sign-in
 * stores its own path before leaving, so an old one is never used.
 */
export function returnPath(): string {
  try {
    const path = sessionStorage.getItem(returnPathKey);
    return isSafeReturnPath(path) ? path : '/';
  } catch {
    return '/';
  }
}

const afterSignOutKey = 'portal.afterSignOut';

/**
 * Logto only returns to the registered post-logout URI (the home page); a page that signs out to let
 * someone switch accounts (an invitation) leaves its path here, and the home page sends them back.
 */
export function rememberAfterSignOutPath(path: string) {
  try {
    if (isSafeReturnPath(path)) sessionStorage.setItem(afterSignOutKey, path);
  } catch {
    // They land on the home page instead.
  }
}

/** The path to return to after a switch-account sign-out, once. */
export function takeAfterSignOutPath(): string | undefined {
  try {
    const path = sessionStorage.getItem(afterSignOutKey);
    sessionStorage.removeItem(afterSignOutKey);
    return isSafeReturnPath(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export type AuthStatus = 'checking' | 'signed-in' | 'signed-out';

const AuthStatusContext = createContext<AuthStatus>('checking');

/**
 * The SDK's `isLoading` counts every pending call (token fetches too) and stays on after a failed
 * sign-in, so it cannot tell "still finding out" from "busy". This settles once, on the first idle.
 */
function AuthStatusProvider({ children }: { children: ReactNode }) {
  const { isAuthenticated, isLoading } = useLogto();
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    if (!isLoading) setSettled(true);
  }, [isLoading]);
  const status: AuthStatus = isAuthenticated ? 'signed-in' : settled ? 'signed-out' : 'checking';
  return <AuthStatusContext.Provider value={status}>{children}</AuthStatusContext.Provider>;
}

export const useAuthStatus = () => useContext(AuthStatusContext);

export function AuthProvider({ config, children }: { config: PublicConfig; children: ReactNode }) {
  // A new config object would create a new SDK client and drop its state.
  const logtoConfig = useMemo(() => buildLogtoConfig(config), [config]);
  return (
    <LogtoProvider config={logtoConfig}>
      <PortalApiResourceContext.Provider value={config.portalApiResource}>
        <SessionEndedWatcher />
        <AuthStatusProvider>{children}</AuthStatusProvider>
      </PortalApiResourceContext.Provider>
    </LogtoProvider>
  );
}
