/** What the global setup hands to the tests: where everything runs and who can sign in. */
export type DemoUser = { userId: string; email: string; password: string; name: string };

export type E2eStack = {
  /** The portal (BFF serving the SPA). */
  baseUrl: string;
  logtoEndpoint: string;
  /** The SPA application's id in Logto (a public client). */
  spaAppId: string;
  /** The portal API resource indicator (the audience of /api/me's token). */
  portalApiResource: string;
  m2mApp: { id: string; secret: string; managementApiResource: string };
  /** Admin of some organizations, plain member of another. */
  admin: DemoUser;
  /** A plain member (no organization permissions). */
  member: DemoUser;
  /** Vendor support staff (support:read and support:write), in no organization. */
  support: DemoUser;
  organizations: Array<{ key: string; id: string; name: string }>;
};

declare module 'vitest' {
  export interface ProvidedContext {
    stack: E2eStack;
  }
}
