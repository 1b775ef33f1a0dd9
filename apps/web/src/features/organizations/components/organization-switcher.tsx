import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Which organization the admin screens show. A native select: every browser and screen reader knows
 * it, and it works the same with keyboard, mouse and touch.
 */
export function OrganizationSwitcher({
  organizations,
  currentId,
  onChange,
}: {
  organizations: ReadonlyArray<{ id: string; name: string }>;
  currentId: string | undefined;
  onChange: (organizationId: string) => void;
}) {
  const { t } = useTranslation();
  const options = organizations.map(({ id, name }) => ({ value: id, label: name }));
  return (
    <NativeSelect
      label={t('nav.organization')}
      value={currentId ?? ''}
      onChange={(event) => {
        if (event.currentTarget.value) onChange(event.currentTarget.value);
      }}
      data={
        currentId === undefined
          ? [{ value: '', label: t('nav.chooseOrganization'), disabled: true }, ...options]
          : options
      }
      data-testid="organization-switcher"
    />
  );
}
