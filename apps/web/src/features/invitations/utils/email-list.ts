import {
  isValidInvitationEmail,
  maxInvitationsPerRequest,
  normalizeInvitationEmail,
} from '@portal/shared';

export type EmailChip = { email: string; valid: boolean };

/** Commas, semicolons, any white space (new lines from a pasted column): what separates addresses. */
const separators = /[\s,;]+/;

/**
 * Splits pasted or typed text into addresses, normalized as the BFF does (trimmed, lower-cased) and
 * de-duplicated, each checked with the BFF's own rule. `rest` is the last, unfinished word while typing.
 */
export function splitEmails(text: string, { final }: { final: boolean }) {
  const parts = text.split(separators);
  // While typing, the word after the last separator is not finished yet: it stays in the box.
  const rest = final ? '' : (parts.pop() ?? '');
  const emails = parts.map(normalizeInvitationEmail).filter((email) => email !== '');
  return { emails, rest };
}

/** Adds addresses to the chips, keeping the first of each and at most the BFF's limit. */
export function addEmails(chips: readonly EmailChip[], emails: readonly string[]): EmailChip[] {
  const seen = new Set(chips.map(({ email }) => email));
  const next = [...chips];
  for (const email of emails) {
    if (seen.has(email)) continue;
    seen.add(email);
    next.push({ email, valid: isValidInvitationEmail(email) });
  }
  return next.slice(0, maxInvitationsPerRequest);
}
