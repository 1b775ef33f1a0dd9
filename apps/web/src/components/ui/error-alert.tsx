import { Button, List } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError, type ErrorContext } from '../../lib/describe-error.js';

import { ErrorState } from './error-state.js';

/**
 * Any failure, explained: what happened in words (by error code, naming the people involved), the
 * request id for support, and "Try again" when trying again can help.
 */
export function ErrorAlert({
  error,
  context,
  onRetry,
  retrying,
  actions,
}: {
  error: unknown;
  context?: ErrorContext;
  onRetry?: () => void;
  retrying?: boolean;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const description = describeError(error, context);
  const values = {
    ...description.values,
    member: description.values.member || t('errors.someone'),
    organization: description.values.organization || t('errors.thisOrganization'),
  };
  const canRetry = onRetry !== undefined && description.retryable;
  return (
    <ErrorState
      title={t(`errors.${description.kind}.title`, values)}
      description={t(`errors.${description.kind}.description`, values)}
      requestId={description.requestId}
      {...(canRetry ? { onRetry, retrying: retrying ?? false } : {})}
      actions={
        description.kind === 'forbidden' || description.kind === 'sessionExpired' ? (
          <>
            {actions}
            <Button size="xs" variant="default" onClick={() => window.location.reload()}>
              {t('errors.reload')}
            </Button>
          </>
        ) : (
          actions
        )
      }
    >
      {description.fieldErrors.length > 0 ? (
        <List size="sm" mt="xs">
          {description.fieldErrors.map(({ path, message }) => (
            <List.Item key={`${path}:${message}`}>{`${path}: ${message}`}</List.Item>
          ))}
        </List>
      ) : null}
    </ErrorState>
  );
}
