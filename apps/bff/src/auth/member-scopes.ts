import { ApiError } from '../errors.js';
import type { LogtoManagementClient } from '../logto/types.js';

type Entry = { scopes: Promise<string[]>; expiresAt: number };

/** Beyond this many entries, expired ones are swept (a map of one-off writers must not grow forever). */
const sweepThreshold = 1000;

/**
 * The scopes a user holds NOW, for the re-check before every write (a token carries the scopes of when
 * it was issued, up to an hour ago): a member's organization scopes, keyed by organization, or (see
 * `supportScopeCache`) support staff's portal API scopes, keyed by the API's indicator. An answer is kept
 * at most `ttlMs` per key and user, and dropped as soon as the BFF itself changes that member's roles or
 * removes them. Concurrent checks for the same user share one upstream call.
 */
export class MemberScopeCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly load: (organizationId: string, userId: string) => Promise<string[]>,
    private readonly ttlMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(organizationId: string, userId: string): Promise<string[]> {
    const key = cacheKey(organizationId, userId);
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.scopes;
    if (this.#entries.size >= sweepThreshold) this.#sweep();

    // Counted from when it was asked for, so an answer is never older than `ttlMs`.
    const entry: Entry = {
      scopes: this.load(organizationId, userId),
      expiresAt: this.now() + this.ttlMs,
    };
    this.#entries.set(key, entry);
    try {
      return await entry.scopes;
    } catch (error) {
      // A failed check is not remembered.
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw error;
    }
  }

  /** The BFF changed this member's roles or removed them: the next check asks Logto. */
  forget(organizationId: string, userId: string): void {
    this.#entries.delete(cacheKey(organizationId, userId));
  }

  /** The organization was deleted. */
  forgetOrganization(organizationId: string): void {
    const prefix = cacheKey(organizationId, '');
    for (const key of [...this.#entries.keys()])
      if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }
}

const cacheKey = (organizationId: string, userId: string) => `${organizationId}\u0000${userId}`;

/**
 * Support staff's portal API scopes now (their global roles in Logto), for the same re-check: a
 * support user whose role was taken away, or who was deleted, writes nothing more with an old token.
 */
export const supportScopeCache = (
  logto: Pick<LogtoManagementClient, 'getUserApiScopes'>,
  ttlMs?: number,
) =>
  new MemberScopeCache(async (resourceIndicator, userId) => {
    try {
      return await logto.getUserApiScopes(userId, resourceIndicator);
    } catch (error) {
      if (error instanceof ApiError && error.errorName === 'notFound') return [];
      throw error;
    }
  }, ttlMs);
