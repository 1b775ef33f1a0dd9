/** Logto's `UserApiTest` (helpers/user.ts) and `createUser` / `deleteUser` (api/admin-user.ts). */
import { send, sendFor } from './client.js';
import { TrackedApiFactory } from './factory.js';
import { userSchema } from './schemas.js';

export class UserApiTest extends TrackedApiFactory<typeof userSchema> {
  constructor() {
    super('users', userSchema);
  }

  get users() {
    return this.created;
  }
}

export async function createUser(data: Record<string, unknown>) {
  return sendFor(userSchema, 'POST', 'users', { json: data });
}

export async function deleteUser(id: string): Promise<void> {
  await send('DELETE', `users/${id}`);
}
