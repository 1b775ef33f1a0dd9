import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { apiPaths } from '@portal/shared';
import { Router } from 'express';

const swaggerUiDir = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

/** No inline script: the page passes the CSP's `script-src 'self'`, and loads nothing from elsewhere. */
const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Organization admin portal API</title>
    <link rel="stylesheet" href="${apiPaths.docs}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${apiPaths.docs}/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${apiPaths.docs}/swagger-ui-bundle.js"></script>
    <script src="${apiPaths.docs}/initializer.js"></script>
  </body>
</html>
`;

const initializer = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(apiPaths.openApi)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    // The default validator is a third-party service: nothing leaves the portal.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
`;

/** Only the files the page uses, not the whole package (source maps, other bundles). */
const servedFiles = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/** `/api/openapi.json` and a browsable page at `/api/docs` (Swagger UI from the installed package, no CDN). */
export function createApiDocsRouter(document: unknown): Router {
  const router = Router();
  const json = JSON.stringify(document);
  // Fail at start-up, not on the first visit, if the package is missing a file.
  for (const file of servedFiles) readFileSync(path.join(swaggerUiDir, file));

  router.get(apiPaths.openApi, (_request, response) => {
    response.locals.routeLabel = apiPaths.openApi;
    response.setHeader('Cache-Control', 'no-cache');
    response.type('application/json').send(json);
  });
  router.get([apiPaths.docs, `${apiPaths.docs}/`], (_request, response) => {
    response.locals.routeLabel = apiPaths.docs;
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(docsPage);
  });
  router.get(`${apiPaths.docs}/initializer.js`, (_request, response) => {
    response.locals.routeLabel = apiPaths.docs;
    response.setHeader('Cache-Control', 'no-cache');
    response.type('text/javascript').send(initializer);
  });
  for (const file of servedFiles) {
    router.get(`${apiPaths.docs}/${file}`, (_request, response, next) => {
      response.locals.routeLabel = apiPaths.docs;
      response.sendFile(file, { root: swaggerUiDir, maxAge: '1d' }, (error) => {
        if (error) next(error);
      });
    });
  }
  return router;
}

