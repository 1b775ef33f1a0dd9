import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  ColorInput,
  ColorSwatch,
  Fieldset,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { Organization } from '@portal/shared';
import type { ReactNode } from 'react';
import { Controller, useForm, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { SupportReasonInput } from '../../../components/ui/support-reason-input.js';
import { ApiError } from '../../../lib/api-client.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useOrganization } from '../api/get-organization.js';
import { useUpdateOrganization } from '../api/update-organization.js';
import {
  brandingFields,
  changedSettings,
  settingsFieldErrors,
  settingsFieldProblem,
  settingsFormSchema,
  settingsFormValues,
  type BrandingField,
  type SettingsFormValues,
} from '../utils/settings-form.js';

/** The organization's settings: a form for those with manage:organization, a read-only view otherwise. */
export function OrganizationSettings() {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const organization = useOrganization();

  if (organization.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label={t('settings.loading')}>
        <Skeleton height={36} width="60%" />
        <Skeleton height={80} />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (organization.isError) {
    return (
      <ErrorAlert
        error={organization.error}
        onRetry={() => void organization.refetch()}
        retrying={organization.isFetching}
      />
    );
  }
  return access.can.manageOrganization ? (
    // A new key after a save elsewhere resets the form to what is stored.
    <SettingsForm key={organization.dataUpdatedAt} organization={organization.data} />
  ) : (
    <SettingsView organization={organization.data} />
  );
}

const brandingLabels = {
  logoUrl: 'settings.logoUrl',
  darkLogoUrl: 'settings.darkLogoUrl',
  favicon: 'settings.favicon',
  darkFavicon: 'settings.darkFavicon',
} as const satisfies Record<BrandingField, string>;

/** Only https (or this site's own) images are previewed: the portal's CSP loads no plain-http images. */
const previewable = (url: string | undefined) =>
  Boolean(url?.startsWith('https://') || url?.startsWith(`${window.location.origin}/`));

function SettingsForm({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const form = useForm({
    resolver: zodResolver(settingsFormSchema(access.reasonRequired)),
    defaultValues: settingsFormValues(organization),
    mode: 'onTouched',
  });
  const update = useUpdateOrganization({
    errorsShownInPlace: true,
    errorContext: { organization: organization.name },
    successMessage: t('settings.saved'),
  });
  const { errors, isDirty } = form.formState;

  const problem = (field: string, error: FieldError | undefined) =>
    error ? t(`settings.errors.${settingsFieldProblem(field, error.type)}`) : undefined;

  const onSubmit = form.handleSubmit(({ body, reason }) => {
    const changes = changedSettings(body, organization);
    if (!changes) {
      form.reset(form.getValues());
      return;
    }
    update.mutate(
      { body: changes, ...(access.reasonRequired ? { reason } : {}) },
      {
        onSuccess: (saved) => form.reset(settingsFormValues(saved)),
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          for (const { field, message } of settingsFieldErrors(error.fieldErrors).fields) {
            form.setError(field, { type: 'server', message });
          }
        },
      },
    );
  });

  const values = form.watch();

  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      aria-label={t('settings.formLabel')}
    >
      <Stack gap="lg" maw={760}>
        <Fieldset legend={t('settings.general')} radius="md">
          <Stack gap="md">
            <TextInput
              label={t('settings.name')}
              withAsterisk
              maxLength={128}
              {...form.register('name')}
              error={problem('name', errors.name)}
            />
            <Textarea
              label={t('settings.description')}
              description={t('settings.descriptionHint')}
              autosize
              minRows={2}
              maxLength={256}
              {...form.register('description')}
              error={problem('description', errors.description)}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend={t('settings.branding')} radius="md">
          <Text size="sm" mb="md">
            {t('settings.brandingHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {brandingFields.map((field) => (
              <Stack key={field} gap={6}>
                <TextInput
                  type="url"
                  inputMode="url"
                  label={t(brandingLabels[field])}
                  placeholder="https://"
                  {...form.register(`branding.${field}`)}
                  error={problem(`branding.${field}`, errors.branding?.[field])}
                />
                {previewable(values.branding[field]) && !errors.branding?.[field] ? (
                  <Paper
                    withBorder
                    p={6}
                    radius="sm"
                    bg={field.startsWith('dark') ? 'dark.7' : 'white'}
                    w="fit-content"
                  >
                    <Image
                      src={values.branding[field]}
                      alt={t('settings.preview', { field: t(brandingLabels[field]) })}
                      h={32}
                      w="auto"
                      fit="contain"
                    />
                  </Paper>
                ) : null}
              </Stack>
            ))}
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend={t('settings.colors')} radius="md">
          <Stack gap="md">
            <Controller
              control={form.control}
              name="color.primaryColor"
              render={({ field, fieldState }) => (
                <ColorInput
                  label={t('settings.primaryColor')}
                  description={t('settings.colorHint')}
                  format="hex"
                  withEyeDropper={false}
                  // Keep what was typed, so a wrong value is explained rather than silently undone.
                  fixOnBlur={false}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={problem('color.primaryColor', fieldState.error)}
                  maw={320}
                />
              )}
            />
            <Controller
              control={form.control}
              name="color.isDarkModeEnabled"
              render={({ field }) => (
                <Switch
                  label={t('settings.darkMode')}
                  description={t('settings.darkModeHint')}
                  checked={field.value}
                  onChange={(event) => field.onChange(event.currentTarget.checked)}
                  onBlur={field.onBlur}
                />
              )}
            />
            <Controller
              control={form.control}
              name="color.darkPrimaryColor"
              render={({ field, fieldState }) => (
                <ColorInput
                  label={t('settings.darkPrimaryColor')}
                  format="hex"
                  withEyeDropper={false}
                  fixOnBlur={false}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={problem('color.darkPrimaryColor', fieldState.error)}
                  maw={320}
                />
              )}
            />
          </Stack>
        </Fieldset>

        {access.reasonRequired ? (
          <Controller
            control={form.control}
            name="reason"
            render={({ field, fieldState }) => (
              <SupportReasonInput
                value={field.value}
                onChange={field.onChange}
                error={problem('reason', fieldState.error)}
              />
            )}
          />
        ) : null}

        {update.isError ? (
          <ErrorAlert error={update.error} context={{ organization: organization.name }} />
        ) : null}

        <Group gap="sm">
          <Button type="submit" loading={update.isPending} disabled={!isDirty}>
            {t('settings.save')}
          </Button>
          <Button
            variant="default"
            disabled={!isDirty || update.isPending}
            onClick={() => {
              update.reset();
              form.reset(settingsFormValues(organization));
            }}
          >
            {t('settings.discard')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SettingsView({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const values: SettingsFormValues = settingsFormValues(organization);
  const notSet = t('settings.notSet');
  const row = (label: string, value: ReactNode, testId: string) => (
    <div key={testId}>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
  const color = (value: string) =>
    value ? (
      <Group gap={6} component="span">
        <ColorSwatch color={value} size={16} aria-hidden="true" />
        {value}
      </Group>
    ) : (
      notSet
    );
  return (
    <Stack gap="lg" maw={760}>
      <Alert variant="light" color="gray" title={t('settings.readOnlyTitle')}>
        {t('settings.readOnly')}
      </Alert>
      <SimpleGrid component="dl" m={0} cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        {row(t('settings.name'), values.name, 'settings-name')}
        {row(t('settings.description'), values.description || notSet, 'settings-description')}
        {brandingFields.map((field) =>
          row(t(brandingLabels[field]), values.branding[field] || notSet, `settings-${field}`),
        )}
        {row(
          t('settings.primaryColor'),
          color(values.color.primaryColor),
          'settings-primary-color',
        )}
        {row(
          t('settings.darkMode'),
          values.color.isDarkModeEnabled ? t('settings.on') : t('settings.off'),
          'settings-dark-mode',
        )}
        {row(
          t('settings.darkPrimaryColor'),
          color(values.color.darkPrimaryColor),
          'settings-dark-primary-color',
        )}
      </SimpleGrid>
    </Stack>
  );
}
