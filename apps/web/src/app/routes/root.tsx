import { Outlet } from 'react-router';

import { AppLayout } from '../../components/layouts/app-layout.js';
import { SignOutButton } from '../../features/auth/components/sign-out-button.js';
import { SignedInUser } from '../../features/me/components/signed-in-user.js';
import { useAuthStatus } from '../../lib/auth.js';
import { PortalNavigation } from '../navigation.js';

export function RootRoute() {
  const status = useAuthStatus();
  const signedIn = status === 'signed-in';
  return (
    <AppLayout
      actions={
        signedIn ? (
          <>
            <SignedInUser />
            <SignOutButton />
          </>
        ) : null
      }
      {...(signedIn
        ? { navbar: (close: () => void) => <PortalNavigation onNavigate={close} /> }
        : {})}
    >
      <Outlet />
    </AppLayout>
  );
}
