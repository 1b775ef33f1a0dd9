import helmet from 'helmet';

import type { BffConfig } from '../env.js';

/**
 * Helmet with a CSP for the SPA: scripts only from our origin; the browser talks to Logto directly
 * (token, userinfo and revocation fetches, and Logto's own sign-out form), so Logto's origin is allowed
 * for `connect-src` and `form-action`.
 */
export function securityHeaders(config: Pick<BffConfig, 'logtoEndpoint' | 'publicUrl'>) {
  const logtoOrigin = new URL(config.logtoEndpoint).origin;
  const isHttps = new URL(config.publicUrl).protocol === 'https:';
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine writes its theme variables into <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Profile pictures come from wherever the identity provider points.
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", logtoOrigin],
        formAction: ["'self'", logtoOrigin],
        // Embedding (DESIGN.md section 9) will list the vendor origins allowed to frame the portal.
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // On plain http (local development) upgrading would break every request.
        ...(isHttps ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: isHttps ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    // Matches frame-ancestors 'none' for browsers that only know the old header.
    xFrameOptions: { action: 'deny' },
    // The portal's files are for the portal's own pages.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
