import path from 'node:path';

import express, { Router } from 'express';

import { ApiError } from '../errors.js';

const isApiPath = (requestPath: string) =>
  requestPath === '/api' || requestPath.startsWith('/api/');

/** Client routes look like `/orgs/abc`; anything with a file extension is a file that exists or a 404. */
const looksLikeClientRoute = (requestPath: string) =>
  !path.posix.basename(requestPath).includes('.');

/**
 * Serves the built SPA: hashed assets cached for a year, index.html never cached, and index.html for
 * any other GET that looks like a client route. `/api/*` is never answered with the SPA.
 */
export function webApp(webDistDir: string): Router {
  const router = Router();
  const indexHtml = path.join(webDistDir, 'index.html');

  router.use(
    express.static(webDistDir, {
      index: false,
      setHeaders: (response, filePath) => {
        const isHashedAsset = filePath.startsWith(path.join(webDistDir, 'assets') + path.sep);
        response.setHeader(
          'Cache-Control',
          isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );

  router.use((request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (isApiPath(request.path) || !looksLikeClientRoute(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexHtml, (error?: Error & { code?: string }) => {
      if (!error) return;
      if (error.code === 'ENOENT') {
        next(
          new ApiError(
            'webAppNotBuilt',
            'The web app has not been built. Run `pnpm --filter @portal/web build`, or use `pnpm dev`.',
          ),
        );
        return;
      }
      next(error);
    });
  });

  return router;
}
