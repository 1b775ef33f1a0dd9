import { z } from 'zod/v3';

/** Logto's email template usage types (`TemplateType` in @logto/connector-kit). */
export const messageUsageTypes = [
  'OrganizationInvitation',
  'SignIn',
  'Register',
  'ForgotPassword',
  'Generic',
] as const;
export type MessageUsageType = (typeof messageUsageTypes)[number];

/** `SendMessagePayload` plus whatever template context Logto adds (organization, inviter). */
export type MessagePayload = Record<string, unknown>;

export type RenderedMessage = { subject: string; html: string; text: string };

// The parts of the template context the built-in templates print; anything else is kept in the payload only.
const templateContextGuard = z.object({
  code: z.string().optional().catch(undefined),
  link: z.string().optional().catch(undefined),
  organization: z
    .object({ name: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
  inviter: z
    .object({
      name: z.string().nullish().catch(undefined),
      username: z.string().nullish().catch(undefined),
      primaryEmail: z.string().nullish().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Only http(s) links become anchors: the mailbox page must never carry a `javascript:` link. */
function isWebLink(link: string): boolean {
  try {
    const { protocol } = new URL(link);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const footer =
  "Sent by the Logto emulator's built-in email connector (development only; nothing leaves this machine).";

function renderLink(link: string | undefined, label: string): { html: string; text: string } {
  if (link === undefined)
    return {
      html: '<p>(The message payload carried no link.)</p>',
      text: '(The message payload carried no link.)',
    };
  const escaped = escapeHtml(link);
  if (!isWebLink(link))
    return { html: `<p>Link: <code>${escaped}</code></p>`, text: `Link: ${link}` };
  return {
    html: `<p><a href="${escaped}">${escapeHtml(label)}</a></p>\n<p>Or open this address: <code>${escaped}</code></p>`,
    text: `${label}: ${link}`,
  };
}

const codeSubjects: Record<Exclude<MessageUsageType, 'OrganizationInvitation'>, string> = {
  SignIn: 'Sign-in verification code',
  Register: 'Registration verification code',
  ForgotPassword: 'Password reset verification code',
  Generic: 'Verification code',
};

/**
 * The emulator's built-in templates, standing in for a connector's `OrganizationInvitation` (and
 * verification-code) templates: `{{link}}`/`{{code}}` from the payload, organization and inviter
 * names from the context Logto adds. Every interpolated value is escaped.
 */
export function renderMessage(
  usageType: MessageUsageType,
  payload: MessagePayload,
): RenderedMessage {
  const context = templateContextGuard.parse(payload);

  if (usageType === 'OrganizationInvitation') {
    const organizationName = context.organization?.name;
    const inviterName =
      context.inviter?.name ??
      context.inviter?.username ??
      context.inviter?.primaryEmail ??
      undefined;
    const subject = organizationName
      ? `You're invited to join ${organizationName}`
      : 'Organization invitation';
    const intro = `${inviterName ?? 'Someone'} invited you to join ${organizationName ?? 'an organization'}.`;
    const link = renderLink(context.link, 'Accept the invitation');
    return {
      subject,
      html: [
        '<div class="email">',
        `<p>${escapeHtml(intro)}</p>`,
        link.html,
        `<p><small>${escapeHtml(footer)}</small></p>`,
        '</div>',
      ].join('\n'),
      text: [intro, '', link.text, '', footer].join('\n'),
    };
  }

  const line =
    context.code === undefined
      ? 'The message payload carried no code.'
      : `Your verification code is ${context.code}.`;
  const link = context.link === undefined ? undefined : renderLink(context.link, 'Continue');
  return {
    subject: codeSubjects[usageType],
    html: [
      '<div class="email">',
      `<p>${escapeHtml(line)}</p>`,
      ...(link ? [link.html] : []),
      `<p><small>${escapeHtml(footer)}</small></p>`,
      '</div>',
    ].join('\n'),
    text: [line, ...(link ? ['', link.text] : []), '', footer].join('\n'),
  };
}
