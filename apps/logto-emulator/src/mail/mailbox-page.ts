import type { SentMessage } from './index.js';
import { escapeHtml } from './render.js';

const styles = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
  .notice { border: 2px solid #b45309; border-radius: 0.5rem; padding: 0.75rem 1rem; }
  form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 1rem 0; }
  input { font: inherit; padding: 0.25rem 0.5rem; min-width: 18rem; }
  button { font: inherit; padding: 0.25rem 0.75rem; }
  ol { list-style: none; padding: 0; }
  article { border: 1px solid #8884; border-radius: 0.5rem; padding: 1rem; margin: 1rem 0; }
  article h2 { margin-top: 0; font-size: 1.2rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .email { border-top: 1px solid #8884; padding-top: 0.5rem; overflow-wrap: anywhere; }
  a { color: LinkText; }
`;

function renderMessage(message: SentMessage): string {
  const headingId = `message-${message.id}`;
  const sentAt = new Date(message.createdAt).toISOString();
  return `<li>
<article aria-labelledby="${headingId}">
<h2 id="${headingId}">${escapeHtml(message.subject)}</h2>
<dl>
<dt>To</dt><dd>${escapeHtml(message.to)}</dd>
<dt>Sent</dt><dd><time datetime="${sentAt}">${sentAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time></dd>
<dt>Template</dt><dd>${escapeHtml(message.usageType)}</dd>
</dl>
${message.html}
</article>
</li>`;
}

/**
 * The dev mailbox page. `message.html` is embedded as is: it is rendered by `renderMessage` in
 * render.ts, which escapes every value that came from a request.
 */
export function renderMailboxPage({
  messages,
  to,
  connectorEnabled,
}: {
  messages: SentMessage[];
  to: string | undefined;
  connectorEnabled: boolean;
}): string {
  const count = `${messages.length} message${messages.length === 1 ? '' : 's'}`;
  const scope = to === undefined ? '' : ` to ${escapeHtml(to)}`;
  const list =
    messages.length === 0
      ? `<p>No messages${scope} yet.</p>`
      : `<ol aria-label="Messages, newest first">\n${messages.map(renderMessage).join('\n')}\n</ol>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dev mailbox · Logto emulator</title>
<style>${styles}</style>
</head>
<body>
<header>
<h1>Dev mailbox</h1>
<p class="notice"><strong>This is the Logto emulator's dev mailbox, for development and tests only.</strong>
Emails that the emulator's built-in email connector "sends" (organization invitations) are stored here
instead of being delivered; nothing leaves this machine.
The email connector is currently <strong>${connectorEnabled ? 'on' : 'off (sending answers 501 connector.not_found)'}</strong>.</p>
<form method="get" action="/_emulator/mailbox" role="search" aria-label="Filter messages by recipient">
<label for="to">Recipient email</label>
<input id="to" name="to" type="email" value="${escapeHtml(to ?? '')}" autocomplete="off">
<button type="submit">Filter</button>
<a href="/_emulator/mailbox">Show all</a>
<a href="/_emulator/mailbox.json${to === undefined ? '' : `?to=${encodeURIComponent(to)}`}">JSON</a>
</form>
</header>
<main>
<p role="status">${count}${scope}, newest first.</p>
${list}
</main>
</body>
</html>
`;
}
