import { Outlet } from 'react-router';

import { AppLayout } from '../../components/layouts/app-layout.js';
import { SignOutButton } from '../../features/auth/components/sign-out-button.js';
import { SignedInUser } from '../../features/me/components/signed-in-user.js';
import { useAuthStatus } from '../../lib/auth.js';

export function RootRoute() {
  const status = useAuthStatus();
  return (
    <AppLayout
      actions={
        status === 'signed-in' ? (
          <>
            <SignedInUser />
            <SignOutButton />
          </>
        ) : null
      }
    >
      <Outlet />
    </AppLayout>
  );
}
