import { apiPaths, errorCodes, supportReasonHeader } from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestStack, type TestStack } from '../test/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const describeGlobex = (token: string, description: string) =>
  stack.call(apiPaths.organization(stack.organizations.globex), {
    method: 'PATCH',
    token,
    json: { description },
    headers: { [supportReasonHeader]: 'Ticket 42: customer asked' },
  });

const globexDescription = async () => {
  const { data } = await stack.setup.api.GET('/api/organizations/{id}', {
    params: { path: { id: stack.organizations.globex } },
  });
  return data?.description;
};

describe('the live re-check of support staff before writes', () => {
  it('refuses a support user whose role was taken away, while their token still carries support:write', async () => {
    const agent = await stack.createUser({ username: 'agent', globalRoles: ['portal-support'] });
    const token = await (await stack.signIn(agent.email, agent.password)).portalToken();
    const supportRoleId = stack.seed.bootstrap.supportRoleIds['portal-support'] ?? '';

    await stack.setup.api.DELETE('/api/users/{userId}/roles/{roleId}', {
      params: { path: { userId: agent.id, roleId: supportRoleId } },
      parseAs: 'text',
    });
    const before = await globexDescription();
    const refused = await describeGlobex(token, 'Written after the role was taken away');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: errorCodes.forbidden.code });
    expect(await globexDescription()).toBe(before);
    // The token itself still says support: reads, which it alone decides, still work.
    expect((await stack.call(apiPaths.members(stack.organizations.globex), { token })).status).toBe(
      200,
    );
  });

  it('lets a support user who still holds the role write', async () => {
    const agent = await stack.createUser({ username: 'agent2', globalRoles: ['portal-support'] });
    const token = await (await stack.signIn(agent.email, agent.password)).portalToken();
    const response = await describeGlobex(token, 'Written by support');
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await globexDescription()).toBe('Written by support');
  });

  it('refuses a support user who was deleted in Logto', async () => {
    const agent = await stack.createUser({ username: 'agent3', globalRoles: ['portal-support'] });
    const token = await (await stack.signIn(agent.email, agent.password)).portalToken();
    await stack.setup.api.DELETE('/api/users/{userId}', {
      params: { path: { userId: agent.id } },
      parseAs: 'text',
    });
    const response = await describeGlobex(token, 'Written by a deleted user');
    expect(response.status).toBe(403);
  });
});
