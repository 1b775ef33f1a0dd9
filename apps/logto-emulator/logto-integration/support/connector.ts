/**
 * Logto's connector helpers (helpers/connector.ts, `readConnectorMessage` of helpers/index.ts) through
 * the connectors API, as a client would switch the email connector on Logto.
 *
 * Logto's suite installs its mock email connector (`mock-email-service`), which records the last
 * message in a file on the server's machine; the emulator's connector delivers to its dev mailbox
 * instead, which is where `readConnectorMessage` reads (emulator only: a real Logto has no mailbox).
 */
import { z } from 'zod';

import { target } from '../../conformance/support/http.js';
import { send, sendFor } from './client.js';
import { connectorFactorySchema, connectorSchema, sentMessageSchema } from './schemas.js';

export type ConnectorType = 'Email' | 'Sms' | 'Social';

/** Logto's mock email connector id and its config (integration-tests/src/__mocks__/connectors-mock.ts). */
const mockEmailConnectorId = 'mock-email-service';
const mockEmailConnectorConfig = {
  apiKey: 'api-key-value',
  fromEmail: 'noreply@logto.test.io',
  fromName: 'from-name-value',
  templates: [
    {
      usageType: 'SignIn',
      type: 'text/plain',
      subject: 'Logto SignIn Template',
      content: 'This is for sign-in purposes only. Your passcode is {{code}}.',
    },
    {
      usageType: 'Register',
      type: 'text/plain',
      subject: 'Logto Register Template',
      content: 'This is for registering purposes only. Your passcode is {{code}}.',
    },
    {
      usageType: 'Test',
      type: 'text/plain',
      subject: 'Logto Test Template',
      content: 'This is for testing purposes only. Your passcode is {{code}}.',
    },
  ],
};

/** Logto's mock email factory when the target has it, else the target's only email factory. */
async function findEmailConnectorFactory(): Promise<string> {
  const factories = await sendFor(z.array(connectorFactorySchema), 'GET', 'connector-factories');
  const email = factories.filter(({ type }) => type === 'Email');
  const factory = email.find(({ id }) => id === mockEmailConnectorId) ?? email[0];
  if (!factory) throw new Error('The target offers no email connector factory');
  return factory.id;
}

export async function listConnectors() {
  return sendFor(z.array(connectorSchema), 'GET', 'connectors');
}

export async function clearConnectorsByTypes(types: ConnectorType[]): Promise<void> {
  const connectors = await listConnectors();
  await Promise.all(
    connectors
      .filter((connector) => types.some((type) => type === connector.type))
      .map(async (connector) => send('DELETE', `connectors/${connector.id}`)),
  );
}

/** Creates the email connector (Logto replaces an existing one of the same type). */
export async function setEmailConnector() {
  return sendFor(connectorSchema, 'POST', 'connectors', {
    json: { connectorId: await findEmailConnectorFactory(), config: mockEmailConnectorConfig },
  });
}

/** The most recent message the email connector sent, as Logto's mock connector records it. */
export async function readConnectorMessage(forType: 'Email') {
  if (target.kind !== 'emulator') {
    throw new Error(
      `readConnectorMessage(${forType}) reads the emulator's dev mailbox; a real Logto has none`,
    );
  }
  const response = await fetch(`${target.endpoint}/_emulator/mailbox.json`);
  if (!response.ok) throw new Error(`GET /_emulator/mailbox.json answered ${response.status}`);
  const [latest] = z.array(sentMessageSchema).parse(await response.json());
  if (!latest) throw new Error('The dev mailbox is empty');
  return { address: latest.to, type: latest.usageType, payload: latest.payload };
}
