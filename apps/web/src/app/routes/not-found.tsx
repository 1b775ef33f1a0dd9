import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="lg" p="xl" maw={640} mx="auto" mt="xl">
      <Stack gap="md" align="flex-start">
        <Title order={1}>{t('notFound.title')}</Title>
        <Text>{t('notFound.description')}</Text>
        <Button component={Link} to="/">
          {t('notFound.backHome')}
        </Button>
      </Stack>
    </Paper>
  );
}
