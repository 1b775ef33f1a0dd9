import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';

import { callbackPath } from '../lib/auth.js';

import { AcceptInvitationRoute } from './routes/accept-invitation.js';
import { CallbackRoute } from './routes/callback.js';
import { HomeRoute } from './routes/home.js';
import { NotFoundRoute } from './routes/not-found.js';
import { AuditLogRoute } from './routes/organization/audit-log.js';
import { OrganizationIndexRoute, OrganizationLayoutRoute } from './routes/organization/layout.js';
import { InvitationsRoute } from './routes/organization/invitations.js';
import { MembersRoute } from './routes/organization/members.js';
import { RolesRoute } from './routes/organization/roles.js';
import { SettingsRoute } from './routes/organization/settings.js';
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
        { path: 'invitations/:invitationId', element: <AcceptInvitationRoute /> },
        {
          path: 'orgs/:orgId',
          element: <OrganizationLayoutRoute />,
          children: [
            { index: true, element: <OrganizationIndexRoute /> },
            { path: 'members', element: <MembersRoute /> },
            { path: 'invitations', element: <InvitationsRoute /> },
            { path: 'roles', element: <RolesRoute /> },
            { path: 'settings', element: <SettingsRoute /> },
            { path: 'audit-log', element: <AuditLogRoute /> },
          ],
        },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);

export function AppRouter() {
  const [router] = useState(createRouter);
  return <RouterProvider router={router} />;
}
