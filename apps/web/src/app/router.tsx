import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';

import { callbackPath } from '../lib/auth.js';

import { CallbackRoute } from './routes/callback.js';
import { HomeRoute } from './routes/home.js';
import { NotFoundRoute } from './routes/not-found.js';
import { RootRoute } from './routes/root.js';
import { RouteError } from './routes/route-error.js';

const createRouter = () =>
  createBrowserRouter([
    {
      element: <RootRoute />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <HomeRoute /> },
        { path: callbackPath, element: <CallbackRoute /> },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);

export function AppRouter() {
  const [router] = useState(createRouter);
  return <RouterProvider router={router} />;
}
