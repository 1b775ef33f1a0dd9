import { Router } from 'express';

/** Liveness only: the process is up and answering. Readiness (Logto, database) comes with `/readyz`. */
export function createHealthRouter(): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json({ status: 'ok' });
  });
  return router;
}
