import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { useAuthClient, type AuthClient } from '../../../lib/auth.js';

import { meKeys } from './me-keys.js';

/** The ID token claims the profile shows; Logto sends `null` for unset values. */
const profileClaimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().nullish(),
  username: z.string().nullish(),
  email: z.string().nullish(),
});

export type Profile = {
  userId: string;
  name: string | undefined;
  username: string | undefined;
  email: string | undefined;
};

export function profileFromClaims(claims: unknown): Profile {
  const { sub, name, username, email } = profileClaimsSchema.parse(claims);
  return {
    userId: sub,
    name: name || undefined,
    username: username || undefined,
    email: email || undefined,
  };
}

export const profileQueryOptions = (auth: AuthClient) =>
  queryOptions({
    queryKey: meKeys.profile(),
    queryFn: async () => profileFromClaims(await auth.getIdTokenClaims()),
    staleTime: 5 * 60_000,
  });

export function useProfile() {
  return useQuery(profileQueryOptions(useAuthClient()));
}

/** What to call the person: their name, else username, else email, else their id. */
export const displayName = (profile: Profile) =>
  profile.name ?? profile.username ?? profile.email ?? profile.userId;
