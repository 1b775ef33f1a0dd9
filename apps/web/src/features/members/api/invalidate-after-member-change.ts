import type { QueryClient } from '@tanstack/react-query';

import { auditEventKeys } from '../../audit-log/api/audit-event-keys.js';
import { meKeys } from '../../me/api/me-keys.js';

import { memberKeys } from './member-keys.js';

/**
 * After a member changes: this organization's member lists and audit log, and the person's own access
 * (they may have changed their own roles, or removed themselves).
 */
export const invalidateAfterMemberChange = (queryClient: QueryClient, organizationId: string) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: memberKeys.lists(organizationId) }),
    queryClient.invalidateQueries({ queryKey: auditEventKeys.lists(organizationId) }),
    queryClient.invalidateQueries({ queryKey: meKeys.access() }),
  ]);
