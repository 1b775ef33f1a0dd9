import { Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Support staff say why they change a customer's organization; the reason is stored in the audit event
 * and shown to the organization's admins.
 */
export function SupportReasonInput({
  value,
  onChange,
  error,
  autoFocus,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('support.reasonLabel')}
      description={t('support.reasonDescription')}
      placeholder={t('support.reasonPlaceholder')}
      withAsterisk
      autosize
      minRows={2}
      maxLength={500}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      data-autofocus={autoFocus ? true : undefined}
    />
  );
}
