import { MantineProvider } from '@mantine/core';
import { notifications, Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import i18n from 'i18next';
import { useState, type ReactNode } from 'react';

import { createQueryClient, type Notifier } from '../lib/query-client.js';

import { cssVariablesResolver, theme } from './theme.js';

/** Toasts for the query cache: it lives outside React, so it reads translations from i18next directly. */
const notifier: Notifier = {
  error: (description) => {
    const values = {
      ...description.values,
      member: description.values.member || i18n.t('errors.someone'),
      organization: description.values.organization || i18n.t('errors.thisOrganization'),
    };
    notifications.show({
      color: 'red',
      title: i18n.t(`errors.${description.kind}.title`, values),
      message: i18n.t(`errors.${description.kind}.description`, values),
      autoClose: 10_000,
    });
  },
  success: (message) => {
    notifications.show({ color: 'green', message, autoClose: 5_000 });
  },
};

/** Providers that need nothing from the server: theme, color scheme, toasts, data cache. */
export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => createQueryClient(notifier));
  return (
    <MantineProvider
      theme={theme}
      defaultColorScheme="auto"
      cssVariablesResolver={cssVariablesResolver}
    >
      <Notifications position="top-right" zIndex={1000} />
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
