import { defaultTenantId } from '../routes/serialize.js';

export type SsoConnectorRow = {
  id: string;
  provider_name: string;
  connector_name: string;
  config: Record<string, unknown>;
  domains: string[];
  branding: Record<string, unknown>;
  sync_profile: boolean;
  enable_token_storage: boolean;
  created_at: number | string;
};

export const ssoConnectorColumns = (alias?: string) =>
  [
    'id',
    'provider_name',
    'connector_name',
    'config',
    'domains',
    'branding',
    'sync_profile',
    'enable_token_storage',
    'created_at',
  ]
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

/** Logto's `SsoConnector` row as the API returns it (secrets included: Logto does not mask them). */
export function serializeSsoConnector(row: SsoConnectorRow) {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    providerName: row.provider_name,
    connectorName: row.connector_name,
    config: row.config,
    domains: row.domains,
    branding: row.branding,
    syncProfile: row.sync_profile,
    enableTokenStorage: row.enable_token_storage,
    createdAt: Number(row.created_at),
  };
}

/** Logto's `singleSignOnDomainBlackList`: public mail domains an SSO connector may not claim. */
export const ssoDomainBlockList: readonly string[] = Object.freeze([
  'gmail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'aol.com',
  'yandex.com',
  'mail.com',
  'protonmail.com',
  'yanex.com',
  'gmx.com',
  'mail.ru',
  'zoho.com',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'sohu.com',
]);

/** Logto's `findDuplicatedOrBlockedEmailDomains` (exact, case-sensitive matches, as there). */
export function findDuplicatedOrBlockedDomains(domains: readonly string[]) {
  const blocked = new Set(ssoDomainBlockList);
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  const forbidden = new Set<string>();
  for (const domain of domains) {
    if (blocked.has(domain)) forbidden.add(domain);
    if (seen.has(domain)) duplicated.add(domain);
    seen.add(domain);
  }
  return { duplicated: [...duplicated], forbidden: [...forbidden] };
}
