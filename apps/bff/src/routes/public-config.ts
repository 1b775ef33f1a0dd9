import { publicConfigPath, publicConfigSchema } from '@portal/shared';
import { Router } from 'express';

import type { BffConfig } from '../env.js';

/** The SPA's runtime configuration: one SPA build runs against any Logto tenant. */
export function createPublicConfigRouter(
  config: Pick<BffConfig, 'logtoEndpoint' | 'spaAppId' | 'portalApiResource'>,
): Router {
  // Validated once with the schema the SPA parses it with, so a bad deploy fails at start-up.
  const publicConfig = publicConfigSchema.parse({
    logtoEndpoint: config.logtoEndpoint,
    appId: config.spaAppId,
    portalApiResource: config.portalApiResource,
  });
  const router = Router();
  router.get(publicConfigPath, (_request, response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.json(publicConfig);
  });
  return router;
}
