import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Pill,
  PillsInput,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import {
  defaultInvitationExpiryDays,
  maxInvitationExpiryDays,
  maxInvitationsPerRequest,
  supportReasonSchema,
  type InvitationResult,
  type OrganizationRole,
} from '@portal/shared';
import { useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { SupportReasonInput } from '../../../components/ui/support-reason-input.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useCreateInvitations } from '../api/create-invitations.js';
import { addEmails, splitEmails, type EmailChip } from '../utils/email-list.js';

import { useCopyText } from './use-copy-invitation-link.js';

type InviteForm = { roleIds: string[]; expiresInDays: number; reason: string };

const outcomeColor: Record<InvitationResult['outcome'], string> = {
  created: 'green',
  already_member: 'gray',
  already_invited: 'blue',
  invalid: 'orange',
  failed: 'red',
};

/**
 * Invite many at once: addresses pasted or typed (commas, spaces, new lines) become chips, each checked
 * as it is added; then roles and expiry. Afterwards, one line per address with what happened.
 */
export function InviteDialog({
  roles,
  onClose,
}: {
  roles: readonly OrganizationRole[] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const organization = access.organizationName ?? access.organizationId;
  const [chips, setChips] = useState<EmailChip[]>([]);
  const [draft, setDraft] = useState('');
  const [emailsError, setEmailsError] = useState<string>();
  const [results, setResults] = useState<InvitationResult[]>();
  const form = useForm<InviteForm>({
    defaultValues: { roleIds: [], expiresInDays: defaultInvitationExpiryDays, reason: '' },
  });
  const createInvitations = useCreateInvitations({
    errorsShownInPlace: true,
    errorContext: { organization },
  });
  // One key per attempt; the same attempt tried again (same request) keeps it, so nothing is created twice.
  const attempt = useRef<{ key: string; request: string }>(undefined);

  const take = (text: string, final: boolean) => {
    const { emails, rest } = splitEmails(text, { final });
    if (emails.length > 0) {
      setChips((current) => addEmails(current, emails));
      setEmailsError(undefined);
    }
    setDraft(rest);
  };

  const invalidCount = chips.filter(({ valid }) => !valid).length;

  const submit = form.handleSubmit((values) => {
    const { emails: pending } = splitEmails(draft, { final: true });
    const all = addEmails(chips, pending);
    setChips(all);
    setDraft('');
    if (all.length === 0) {
      setEmailsError(t('invitations.invite.emailsRequired'));
      return;
    }
    if (all.some(({ valid }) => !valid)) {
      setEmailsError(t('invitations.invite.emailsInvalid'));
      return;
    }
    const body = {
      emails: all.map(({ email }) => email),
      roleIds: values.roleIds,
      expiresInDays: values.expiresInDays,
    };
    const request = JSON.stringify(body);
    if (attempt.current?.request !== request) {
      attempt.current = { key: crypto.randomUUID(), request };
    }
    createInvitations.mutate(
      {
        body,
        idempotencyKey: attempt.current.key,
        ...(access.reasonRequired ? { reason: values.reason } : {}),
      },
      { onSuccess: (answer) => setResults(answer.results) },
    );
  });

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={
        results
          ? t('invitations.invite.summaryTitle')
          : t('invitations.invite.title', { organization })
      }
    >
      {results ? (
        <InviteSummary results={results} onClose={onClose} />
      ) : (
        <form noValidate onSubmit={(event) => void submit(event)}>
          <Stack gap="md">
            <PillsInput
              label={t('invitations.invite.emails')}
              description={t('invitations.invite.emailsHint', { max: maxInvitationsPerRequest })}
              error={emailsError}
              withAsterisk
            >
              <Pill.Group>
                {chips.map((chip) => (
                  <Pill
                    key={chip.email}
                    withRemoveButton
                    onRemove={() =>
                      setChips((current) => current.filter(({ email }) => email !== chip.email))
                    }
                    // Mantine hides the remove button from the keyboard and screen readers; each
                    // address must be removable without a mouse.
                    removeButtonProps={{
                      'aria-label': t('invitations.invite.removeEmail', { email: chip.email }),
                      tabIndex: 0,
                      'aria-hidden': false,
                    }}
                    data-testid={chip.valid ? 'email-chip' : 'email-chip-invalid'}
                    style={
                      chip.valid
                        ? undefined
                        : {
                            backgroundColor: 'var(--mantine-color-red-light)',
                            color: 'var(--mantine-color-red-light-color)',
                          }
                    }
                    title={chip.valid ? undefined : t('invitations.invite.invalidEmail')}
                  >
                    {chip.valid ? chip.email : `${chip.email} (${t('invitations.invite.invalid')})`}
                  </Pill>
                ))}
                <PillsInput.Field
                  value={draft}
                  aria-label={t('invitations.invite.emails')}
                  placeholder={chips.length === 0 ? t('invitations.invite.emailsPlaceholder') : ''}
                  data-autofocus
                  onChange={(event) => take(event.currentTarget.value, false)}
                  onPaste={(event) => {
                    event.preventDefault();
                    take(`${draft}${event.clipboardData.getData('text')}`, true);
                  }}
                  onBlur={() => take(draft, true)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && draft.trim() !== '') {
                      event.preventDefault();
                      take(draft, true);
                    } else if (event.key === 'Backspace' && draft === '') {
                      setChips((current) => current.slice(0, -1));
                    }
                  }}
                />
              </Pill.Group>
            </PillsInput>
            <Text size="sm" c={invalidCount > 0 ? 'red' : 'dimmed'} aria-live="polite">
              {t('invitations.invite.count', { count: chips.length })}
              {invalidCount > 0
                ? ` ${t('invitations.invite.invalidCount', { count: invalidCount })}`
                : ''}
            </Text>
            <Controller
              control={form.control}
              name="roleIds"
              render={({ field }) => (
                <Checkbox.Group
                  label={t('invitations.invite.roles')}
                  description={t('invitations.invite.rolesHint')}
                  value={field.value}
                  onChange={field.onChange}
                >
                  <Stack gap={6} mt="xs">
                    {(roles ?? []).map((role) => (
                      <Checkbox
                        key={role.id}
                        value={role.id}
                        label={role.name}
                        description={role.description ?? undefined}
                      />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )}
            />
            <Controller
              control={form.control}
              name="expiresInDays"
              rules={{ min: 1, max: maxInvitationExpiryDays, required: true }}
              render={({ field, fieldState }) => (
                <NumberInput
                  label={t('invitations.invite.expiry')}
                  description={t('invitations.invite.expiryHint', { max: maxInvitationExpiryDays })}
                  min={1}
                  max={maxInvitationExpiryDays}
                  clampBehavior="strict"
                  allowDecimal={false}
                  value={field.value}
                  onChange={(value) => field.onChange(typeof value === 'number' ? value : 1)}
                  error={fieldState.error ? t('invitations.invite.expiryError') : undefined}
                  maw={200}
                />
              )}
            />
            {access.reasonRequired ? (
              <Controller
                control={form.control}
                name="reason"
                rules={{ validate: (value) => supportReasonSchema.safeParse(value).success }}
                render={({ field, fieldState }) => (
                  <SupportReasonInput
                    value={field.value}
                    onChange={field.onChange}
                    error={fieldState.error ? t('support.reasonError') : undefined}
                  />
                )}
              />
            ) : null}
            {createInvitations.isError ? (
              <ErrorAlert error={createInvitations.error} context={{ organization }} />
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={createInvitations.isPending}>
                {createInvitations.isError
                  ? t('errors.retry')
                  : t('invitations.invite.submit', { count: chips.length })}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** One line per address: what happened, and the link to share where no email went out. */
function InviteSummary({
  results,
  onClose,
}: {
  results: readonly InvitationResult[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const copy = useCopyText();
  const created = results.filter(({ outcome }) => outcome === 'created').length;
  return (
    <Stack gap="md">
      <Text role="status">
        {t('invitations.invite.summary', { count: created, total: results.length })}
      </Text>
      <Table data-testid="invite-summary" aria-label={t('invitations.invite.summaryTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invitations.columns.email')}</Table.Th>
            <Table.Th>{t('invitations.invite.result')}</Table.Th>
            <Table.Th>
              <span className="visually-hidden">{t('invitations.columns.actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((result) => (
            <Table.Tr key={result.email} data-testid="invite-result">
              <Table.Td>
                <Text size="sm">{result.email}</Text>
              </Table.Td>
              <Table.Td>
                <Badge color={outcomeColor[result.outcome]} variant="light" tt="none">
                  {t(`invitations.outcome.${result.outcome}`)}
                </Badge>
                {result.outcome === 'created' && result.emailSent === false ? (
                  <Text size="xs" c="dimmed">
                    {t('invitations.invite.noEmailSent')}
                  </Text>
                ) : null}
                {result.outcome === 'failed' && result.code ? (
                  <Text size="xs" c="dimmed">
                    {result.code}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {result.link ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    aria-label={t('invitations.copyLink.labelFor', { email: result.email })}
                    data-link={result.link}
                    onClick={() => void copy(result.link ?? '')}
                  >
                    {t('invitations.copyLink.button')}
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          {t('invitations.invite.done')}
        </Button>
      </Group>
    </Stack>
  );
}
