import { Router } from 'express';

import { ApiError } from '../errors.js';
import type { PortalDatabase } from '../data/types.js';
import type { LogtoManagementClient } from '../logto/types.js';
import type { BffMetrics } from '../metrics.js';

export type HealthRouteDependencies = {
  logto: Pick<LogtoManagementClient, 'ping'>;
  database: Pick<PortalDatabase, 'ping'>;
  metrics: BffMetrics;
};

const readinessTimeoutMs = 3000;

/** Resolves with 'ok', or with why not, within the timeout. */
async function check(probe: () => Promise<void>): Promise<'ok' | 'unreachable' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), readinessTimeoutMs);
  });
  try {
    return await Promise.race([probe().then(() => 'ok' as const), timeout]);
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process answers (liveness). `/readyz`: Logto and the database answer too (readiness:
 * a load balancer sends no traffic until they do). `/metrics`: Prometheus text format.
 */
export function createHealthRouter({ logto, database, metrics }: HealthRouteDependencies): Router {
  const router = Router();

  router.get('/healthz', (_request, response) => {
    response.locals.routeLabel = '/healthz';
    response.setHeader('Cache-Control', 'no-store');
    response.json({ status: 'ok' });
  });

  router.get('/readyz', async (_request, response) => {
    response.locals.routeLabel = '/readyz';
    const [logtoStatus, databaseStatus] = await Promise.all([
      check(() => logto.ping()),
      check(() => database.ping()),
    ]);
    const failing = [
      ...(logtoStatus === 'ok' ? [] : [`Logto: ${logtoStatus}`]),
      ...(databaseStatus === 'ok' ? [] : [`database: ${databaseStatus}`]),
    ];
    if (failing.length > 0) {
      throw new ApiError('upstreamUnavailable', `Not ready. ${failing.join('; ')}.`, {
        retryAfter: 5,
      });
    }
    response.setHeader('Cache-Control', 'no-store');
    response.json({ status: 'ok', checks: { logto: logtoStatus, database: databaseStatus } });
  });

  router.get('/metrics', async (_request, response) => {
    response.locals.routeLabel = '/metrics';
    response.setHeader('Cache-Control', 'no-store');
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return router;
}
