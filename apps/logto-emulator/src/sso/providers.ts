import { X509Certificate } from 'node:crypto';

import { RequestError } from '../errors.js';
import { z } from '../middleware/guard.js';

/**
 * Logto 1.42's SSO connector factories (`packages/core/src/sso/index.ts`), in its order: provider name, protocol
 * and English name/description. The emulator draws its own logos (see {@link providerLogo}).
 */
export const ssoProviders = {
  OIDC: {
    providerType: 'oidc',
    name: 'OIDC',
    description:
      'Modern protocol built on OAuth 2.0 for identity verification in web and mobile apps.',
  },
  SAML: {
    providerType: 'saml',
    name: 'SAML',
    description: 'XML-based open standard for web single sign-on and identity federation.',
  },
  AzureAD: {
    providerType: 'saml',
    name: 'Microsoft Entra ID (SAML)',
    description: 'Microsoft Entra ID (formerly Azure AD) through SAML 2.0.',
  },
  AzureAdOidc: {
    providerType: 'oidc',
    name: 'Microsoft Entra ID (OIDC)',
    description: 'Microsoft Entra ID (formerly Azure AD) through OpenID Connect.',
  },
  GoogleWorkspace: {
    providerType: 'oidc',
    name: 'Google Workspace',
    description: 'Unified and secure management of user access within the Google ecosystem.',
  },
  Okta: {
    providerType: 'oidc',
    name: 'Okta',
    description: 'Okta through OpenID Connect.',
  },
} as const;

export type SsoProviderName = keyof typeof ssoProviders;

export const isSsoProviderName = (name: string): name is SsoProviderName =>
  Object.hasOwn(ssoProviders, name);

/** A lettered badge per provider (Logto serves each vendor's artwork; the emulator has none to ship). */
export function providerLogo(providerName: SsoProviderName) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#5d34f2"/><text x="16" y="21" font-size="12" text-anchor="middle" fill="#fff" font-family="sans-serif">${providerName.slice(0, 4)}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Google Workspace's fixed issuer (its connector has no `issuer` setting). */
export const googleIssuer = 'https://accounts.google.com';

/** Logto's `basicOidcConnectorConfigGuard`. */
const oidcConfigGuard = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  issuer: z.string(),
  scope: z.string().optional(),
});
const googleConfigGuard = oidcConfigGuard.omit({ issuer: true });

const attributeMapping = z
  .object({ id: z.string(), email: z.string(), name: z.string() })
  .partial()
  .optional();
/** Logto's `samlConnectorConfigGuard`: a metadata URL, a metadata XML, or the three IdP values by hand. */
const samlConfigGuard = z.union([
  z.object({ metadataUrl: z.string(), attributeMapping }),
  z.object({ metadata: z.string(), attributeMapping }),
  z.object({
    entityId: z.string(),
    signInEndpoint: z.string(),
    x509Certificate: z.string(),
    attributeMapping,
  }),
]);

type JsonObject = Record<string, unknown>;

function configGuardOf(providerName: SsoProviderName): z.ZodType<JsonObject> {
  if (providerName === 'GoogleWorkspace') return googleConfigGuard;
  return ssoProviders[providerName].providerType === 'saml' ? samlConfigGuard : oidcConfigGuard;
}

/**
 * Logto's `parseConnectorConfig`: the provider's guard (unknown keys dropped, as zod does), else 400
 * `connector.invalid_config` (Logto passes the zod issues as an unused message value, so the body has none).
 */
export function parseSsoConfig(providerName: SsoProviderName, config: JsonObject): JsonObject {
  const result = configGuardOf(providerName).safeParse(config);
  if (!result.success) throw new RequestError({ code: 'connector.invalid_config', status: 400 });
  return result.data;
}

/** Logto's `SsoConnectorError` as its connector error handler answers it: 400 with `data`. */
const ssoError = (
  kind: 'invalid_config' | 'invalid_metadata',
  data: { message: string; config?: JsonObject; error?: unknown },
) =>
  new RequestError(
    { code: kind === 'invalid_config' ? 'connector.invalid_config' : 'connector.invalid_metadata' },
    { ssoErrorCode: kind, ...data },
  );

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));
const fetchTimeoutMs = 10_000;

const oidcDiscoveryGuard = z.object({
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  userinfo_endpoint: z.string(),
  jwks_uri: z.string(),
  issuer: z.string(),
});

/** Logto's `fetchOidcConfig`: GET `${issuer}/.well-known/openid-configuration` over HTTP, checked. */
export async function fetchOidcDiscovery(issuer: string) {
  let body: unknown;
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(fetchTimeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      throw ssoError('invalid_config', {
        config: { issuer },
        message: 'fail_to_fetch_config',
        error: text,
      });
    }
    body = JSON.parse(text);
  } catch (error: unknown) {
    if (error instanceof RequestError) throw error;
    throw ssoError('invalid_config', {
      config: { issuer },
      message: 'fail_to_fetch_config',
      error: describeError(error),
    });
  }
  const result = oidcDiscoveryGuard.safeParse(body);
  if (!result.success) {
    throw ssoError('invalid_config', {
      config: { issuer },
      message: 'invalid_config_response',
      error: result.error.flatten(),
    });
  }
  const discovery = result.data;
  return {
    authorizationEndpoint: discovery.authorization_endpoint,
    tokenEndpoint: discovery.token_endpoint,
    userinfoEndpoint: discovery.userinfo_endpoint,
    jwksUri: discovery.jwks_uri,
    issuer: discovery.issuer,
  };
}

/** Logto's `scopePostProcessor`: `openid profile email` first, then the configured scopes, de-duplicated. */
export const oidcScope = (scope = '') =>
  [...new Set(['openid', 'profile', 'email', ...scope.split(/[ +]/).filter(Boolean)])].join(' ');

export type SamlIdpMetadata = {
  entityId: string;
  signInEndpoint: string;
  x509Certificate: string;
  certificateExpiresAt: number;
  isCertificateValid: boolean;
};

/** The certificate's expiry and whether it is valid now; refused (`invalid_certificate`) when unreadable. */
function readCertificate(base64: string) {
  const body = base64.replaceAll(/\s+/g, '');
  try {
    const certificate = new X509Certificate(
      `-----BEGIN CERTIFICATE-----\n${body.replaceAll(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----`,
    );
    const expiresAt = Date.parse(certificate.validTo);
    const now = Date.now();
    return {
      x509Certificate: body,
      certificateExpiresAt: expiresAt,
      isCertificateValid: Date.parse(certificate.validFrom) <= now && now < expiresAt,
    };
  } catch (error: unknown) {
    throw ssoError('invalid_metadata', {
      message: 'invalid_saml_xml_metadata',
      error: `Invalid X.509 certificate: ${describeError(error)}`,
    });
  }
}

/**
 * Reads an IdP's SAML metadata: the `EntityDescriptor` `entityID`, the `IDPSSODescriptor`'s first
 * `SingleSignOnService` `Location` and its signing certificate. Logto parses with samlify; the emulator has no
 * XML library, so it reads these values by element name (namespace prefixes ignored) and refuses documents
 * without them (400 `connector.invalid_metadata`, `invalid_saml_xml_metadata`).
 */
export function parseSamlMetadata(xml: string): SamlIdpMetadata {
  const idpDescriptor =
    /<(?:[\w-]+:)?IDPSSODescriptor\b[\S\s]*?<\/(?:[\w-]+:)?IDPSSODescriptor>/.exec(xml)?.[0];
  const entityId = /<(?:[\w-]+:)?EntityDescriptor\b[^>]*\sentityID\s*=\s*"([^"]+)"/.exec(xml)?.[1];
  const signInEndpoint =
    idpDescriptor &&
    /<(?:[\w-]+:)?SingleSignOnService\b[^>]*\sLocation\s*=\s*"([^"]+)"/.exec(idpDescriptor)?.[1];
  const certificate =
    idpDescriptor &&
    /<(?:[\w-]+:)?X509Certificate\b[^>]*>([^<]+)<\/(?:[\w-]+:)?X509Certificate>/.exec(
      idpDescriptor,
    )?.[1];
  if (!entityId || !signInEndpoint || !certificate) {
    throw ssoError('invalid_metadata', { message: 'invalid_saml_xml_metadata' });
  }
  return { entityId, signInEndpoint, ...readCertificate(certificate) };
}

/** Logto's `fetchSamlMetadataXml`: the metadata URL over HTTP (400 `invalid_metadata` when it fails). */
async function fetchSamlMetadata(metadataUrl: string) {
  try {
    const response = await fetch(metadataUrl, { signal: AbortSignal.timeout(fetchTimeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${text}`);
    return text;
  } catch (error: unknown) {
    throw ssoError('invalid_metadata', {
      message: 'fail_to_fetch_config',
      error: describeError(error),
    });
  }
}

/** The IdP's SAML metadata from a stored (already guarded) configuration. */
async function samlIdpMetadata(config: JsonObject): Promise<SamlIdpMetadata> {
  const parsed = samlConfigGuard.parse(config);
  if ('metadataUrl' in parsed)
    return parseSamlMetadata(await fetchSamlMetadata(parsed.metadataUrl));
  if ('metadata' in parsed) return parseSamlMetadata(parsed.metadata);
  return {
    entityId: parsed.entityId,
    signInEndpoint: parsed.signInEndpoint,
    ...readCertificate(parsed.x509Certificate),
  };
}

/** The OIDC configuration Logto's connector works with: the config plus the discovery document. */
async function oidcProviderConfig(providerName: SsoProviderName, config: JsonObject) {
  const parsed =
    providerName === 'GoogleWorkspace'
      ? { ...googleConfigGuard.parse(config), issuer: googleIssuer }
      : oidcConfigGuard.parse(config);
  return {
    ...parsed,
    ...(await fetchOidcDiscovery(parsed.issuer)),
    scope: oidcScope(parsed.scope),
  };
}

/**
 * Logto's `validateConnectorConfigConnectionStatus` (create and patch, after the guard): an OIDC provider's
 * discovery document must be fetched and valid; a SAML provider's IdP metadata must be read (fetched from
 * `metadataUrl`, parsed from `metadata`, or the manual values with a readable certificate).
 */
export async function checkSsoConnection(providerName: SsoProviderName, config: JsonObject) {
  if (ssoProviders[providerName].providerType === 'saml') {
    await samlIdpMetadata(config);
    return;
  }
  await oidcProviderConfig(providerName, config);
}

/** The emulator's SAML service provider for a connector (Logto: the tenant endpoint's SP entity and ACS). */
export const samlServiceProvider = (publicUrl: string, connectorId: string) => ({
  entityId: `${publicUrl}/enterprise-sso/${connectorId}`,
  assertionConsumerServiceUrl: `${publicUrl}/api/authn/saml/sso/${connectorId}`,
});

/**
 * `providerConfig` of a list/get/patch answer (Logto's `getConfig`, `undefined` when it fails): OIDC, the
 * config plus the discovery document; SAML, the default attribute mapping, the service provider and the IdP's
 * metadata (left out when it cannot be read).
 */
export async function readProviderConfig(
  providerName: SsoProviderName,
  connector: { id: string; config: JsonObject },
  publicUrl: string,
): Promise<JsonObject | undefined> {
  if (ssoProviders[providerName].providerType === 'saml') {
    let identityProvider: SamlIdpMetadata | undefined;
    try {
      identityProvider = await samlIdpMetadata(connector.config);
    } catch {
      identityProvider = undefined;
    }
    return {
      defaultAttributeMapping: { id: 'nameID', email: 'email', name: 'name' },
      serviceProvider: samlServiceProvider(publicUrl, connector.id),
      ...(identityProvider && { identityProvider }),
    };
  }
  try {
    return await oidcProviderConfig(providerName, connector.config);
  } catch {
    return undefined;
  }
}
