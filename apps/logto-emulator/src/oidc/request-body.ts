import type { IncomingMessage } from 'node:http';

/** oidc-provider's own body limit. */
export const bodyLimitBytes = 56 * 1024;

export class BodyTooLargeError extends Error {}

/** Reads a request body as text, refusing more than {@link bodyLimitBytes}. */
export async function readRawBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    received += buffer.length;
    if (received > bodyLimitBytes) throw new BodyTooLargeError('request entity too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, received).toString('utf8');
}
