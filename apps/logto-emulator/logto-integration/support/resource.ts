/** Logto's `ScopeApiTest` (helpers/resource.ts): scopes of one API resource made for the test. */
import { z } from 'zod';

import { send, sendFor } from './client.js';
import { resourceSchema, resourceScopeSchema, type ResourceScope } from './schemas.js';
import { generateTestName } from './utils.js';

export class ScopeApiTest {
  #resourceId: string | undefined;
  #scopes: ResourceScope[] = [];

  get scopes(): ResourceScope[] {
    return this.#scopes;
  }

  /** Creates the API resource the scopes belong to. */
  async initResource(): Promise<void> {
    const name = generateTestName();
    const resource = await sendFor(resourceSchema, 'POST', 'resources', {
      json: { name, indicator: `https://${name.replaceAll('_', '-')}.example.com/api` },
    });
    this.#resourceId = resource.id;
  }

  async create(data: { name: string; description?: string }): Promise<ResourceScope> {
    if (!this.#resourceId) throw new Error('ScopeApiTest: call initResource() first');
    const scope = await sendFor(
      resourceScopeSchema,
      'POST',
      `resources/${this.#resourceId}/scopes`,
      {
        json: data,
      },
    );
    this.#scopes.push(scope);
    return scope;
  }

  async getList() {
    if (!this.#resourceId) throw new Error('ScopeApiTest: call initResource() first');
    return sendFor(z.array(resourceScopeSchema), 'GET', `resources/${this.#resourceId}/scopes`);
  }

  /** Deletes the resource, and its scopes with it. */
  async cleanUp(): Promise<void> {
    const resourceId = this.#resourceId;
    this.#resourceId = undefined;
    this.#scopes = [];
    if (resourceId) await send('DELETE', `resources/${resourceId}`).catch(() => undefined);
  }
}
