import { AppShell, Box, Burger, Container, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ColorSchemeToggle } from '../ui/color-scheme-toggle.js';
import { LanguageSwitcher } from '../ui/language-switcher.js';

import classes from './app-layout.module.css';

const navbarId = 'portal-navigation';

/**
 * The page frame: a skip link, the header (brand, language, colour scheme, account actions), an
 * optional navigation sidebar (a drawer behind a menu button on small screens) and the main landmark.
 */
export function AppLayout({
  actions,
  navbar,
  children,
}: {
  actions?: ReactNode;
  /** Gets `close`, to hide the drawer after a navigation on small screens. */
  navbar?: (close: () => void) => ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [navbarOpened, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell
      header={{ height: 64 }}
      navbar={
        navbar ? { width: 260, breakpoint: 'sm', collapsed: { mobile: !navbarOpened } } : undefined
      }
      padding="md"
    >
      <a href="#main-content" className={classes.skipLink}>
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            {navbar ? (
              <Burger
                opened={navbarOpened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={navbarOpened ? t('nav.close') : t('nav.open')}
                aria-expanded={navbarOpened}
                aria-controls={navbarId}
              />
            ) : null}
            <Box component="img" src="/favicon.svg" alt="" w={28} h={28} />
            <Text fw={700} size="lg" visibleFrom="md">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitcher />
            <ColorSchemeToggle />
            {actions}
          </Group>
        </Group>
      </AppShell.Header>
      {navbar ? (
        <AppShell.Navbar
          id={navbarId}
          p="md"
          component="nav"
          aria-label={t('nav.label')}
          // Hidden from everyone (not just from sight) while collapsed on small screens.
          className={classes.navbar}
          data-collapsed-mobile={navbarOpened ? undefined : true}
        >
          {navbar(close)}
        </AppShell.Navbar>
      ) : null}
      <AppShell.Main id="main-content" tabIndex={-1} className={classes.main}>
        <Container size="lg" py="md" px={0}>
          {children}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
