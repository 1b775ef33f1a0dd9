import { createContext, useContext, type ReactNode } from 'react';

import type { OrganizationAccess } from './organization-access.js';

const OrganizationAccessContext = createContext<OrganizationAccess | undefined>(undefined);

/** Set by the organization route once /api/me says what the person may do there. */
export function OrganizationAccessProvider({
  access,
  children,
}: {
  access: OrganizationAccess;
  children: ReactNode;
}) {
  return (
    <OrganizationAccessContext.Provider value={access}>
      {children}
    </OrganizationAccessContext.Provider>
  );
}

export function useOrganizationAccess(): OrganizationAccess {
  const access = useContext(OrganizationAccessContext);
  if (!access)
    throw new Error('useOrganizationAccess is only for pages inside an organization route');
  return access;
}
