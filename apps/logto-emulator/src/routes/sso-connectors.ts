import { RequestError } from '../errors.js';
import { generateStandardShortId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import {
  checkSsoConnection,
  isSsoProviderName,
  parseSsoConfig,
  providerLogo,
  readProviderConfig,
  ssoProviders,
  type SsoProviderName,
} from '../sso/providers.js';
import {
  findDuplicatedOrBlockedDomains,
  serializeSsoConnector,
  ssoConnectorColumns,
  type SsoConnectorRow,
} from '../sso/store.js';
import { schemaRoutes } from './schema-router.js';
import { buildUpdateAssignments } from './serialize.js';
import type { RouteModule } from './types.js';

const jsonObject = z.record(z.string(), z.unknown());
const connectorName = z.string().min(1).max(128);
/** Logto's `SsoConnectors` columns a client may set (`ssoBrandingGuard` for `branding`). */
const editable = {
  config: jsonObject,
  domains: z.string().array(),
  branding: z.object({
    displayName: z.string().optional(),
    logo: z.string().optional(),
    darkLogo: z.string().optional(),
  }),
  syncProfile: z.boolean(),
  enableTokenStorage: z.boolean(),
};
/** Logto's `ssoConnectorCreateGuard`: provider and connector name required, the rest optional. */
const createBody = z
  .object(editable)
  .partial()
  .extend({ providerName: z.string().min(1).max(128), connectorName });
/** Logto's `ssoConnectorPatchGuard`. */
const patchBody = z.object({ ...editable, connectorName }).partial();
const idParams = z.object({ id: z.string().min(1) });

type CreateBody = z.infer<typeof createBody>;
type PatchBody = z.infer<typeof patchBody>;
type IdParams = z.infer<typeof idParams>;

/** Logto's `validateConnectorDomains`: public mail domains first (422), then repeats (422), with `data`. */
function validateDomains(domains: string[]) {
  const { duplicated, forbidden } = findDuplicatedOrBlockedDomains(domains);
  if (forbidden.length > 0) {
    throw new RequestError(
      { code: 'single_sign_on.forbidden_domains', status: 422 },
      { data: forbidden },
    );
  }
  if (duplicated.length > 0) {
    throw new RequestError(
      { code: 'single_sign_on.duplicated_domains', status: 422 },
      { data: duplicated },
    );
  }
}

/**
 * Enterprise SSO connectors (Logto's `routes/sso-connector`): the providers, create/list/get/delete/patch,
 * config validation with the IdP contacted over real HTTP (OIDC discovery, SAML metadata) at create and
 * patch, and `providerConfig` read from the IdP on every answer that has it. Secrets are stored and returned
 * as given, as Logto does (hiding them is the BFF's job).
 */
export const ssoConnectorRoutes: RouteModule = (router, { db, config: emulatorConfig }) => {
  const connectors = schemaRoutes<SsoConnectorRow>(router, db, {
    table: 'sso_connectors',
    singular: 'sso_connector',
    columns: ssoConnectorColumns,
    serialize: serializeSsoConnector,
  });

  /** Logto's `fetchConnectorProviderDetails`: the row, the provider's name/type/logos and its config. */
  const withProviderDetails = async (row: SsoConnectorRow) => {
    const providerName = row.provider_name as SsoProviderName;
    const provider = ssoProviders[providerName];
    return {
      ...serializeSsoConnector(row),
      name: provider.name,
      providerType: provider.providerType,
      providerLogo: providerLogo(providerName),
      providerLogoDark: providerLogo(providerName),
      providerConfig: await readProviderConfig(providerName, row, emulatorConfig.publicUrl),
    };
  };

  /** Logto's `getSsoConnectorById`: 404 `entity.not_exists_with_id`, or `connector.not_found` (unknown provider). */
  const findSupported = async (id: string) => {
    const row = await connectors.findById(id);
    if (!isSsoProviderName(row.provider_name)) {
      throw new RequestError({
        code: 'connector.not_found',
        status: 404,
        values: { type: row.provider_name },
      });
    }
    return row;
  };

  /** 409 `single_sign_on.duplicate_connector_name` when another connector has this name. */
  const assertUniqueName = async (name: string, ownId?: string) => {
    const duplicate = await db.one<{ id: string }>(
      'select id from sso_connectors where connector_name = $1',
      [name],
    );
    if (duplicate && duplicate.id !== ownId) {
      throw new RequestError({ code: 'single_sign_on.duplicate_connector_name', status: 409 });
    }
  };

  router.get('/sso-connector-providers', (ctx) => {
    ctx.body = (Object.keys(ssoProviders) as SsoProviderName[]).map((providerName) => ({
      providerName,
      providerType: ssoProviders[providerName].providerType,
      logo: providerLogo(providerName),
      logoDark: providerLogo(providerName),
      description: ssoProviders[providerName].description,
      name: ssoProviders[providerName].name,
    }));
  });

  router.post<GuardState<undefined, CreateBody, undefined>>(
    connectors.path,
    koaGuard({ body: createBody }),
    async (ctx) => {
      const { providerName, connectorName: name, config, domains, ...rest } = ctx.state.guard.body;
      if (!isSsoProviderName(providerName)) {
        throw new RequestError({
          code: 'connector.not_found',
          status: 422,
          values: { type: providerName },
        });
      }
      if (domains) validateDomains(domains);
      const parsedConfig = config && parseSsoConfig(providerName, config);
      await assertUniqueName(name);
      if (parsedConfig) await checkSsoConnection(providerName, parsedConfig);

      const row = await connectors.insertRow(db.pg, {
        id: generateStandardShortId(),
        provider_name: providerName,
        connector_name: name,
        config: JSON.stringify(parsedConfig ?? {}),
        domains: JSON.stringify(domains ?? []),
        branding: JSON.stringify(rest.branding ?? {}),
        sync_profile: rest.syncProfile ?? false,
        enable_token_storage: rest.enableTokenStorage ?? false,
        created_at: Date.now(),
      });
      // Logto answers a creation with 200 and the bare row (no provider details).
      ctx.body = serializeSsoConnector(row);
    },
  );

  router.get<PaginationState>(connectors.path, koaPagination({ isOptional: true }), async (ctx) => {
    const { disabled, limit, offset } = ctx.state.pagination;
    const { total, rows } = await db.transaction(async (tx) => {
      const counted = await tx.query<{ count: number }>(
        'select count(*)::int as count from sso_connectors',
      );
      const page = await tx.query<SsoConnectorRow>(
        `select ${ssoConnectorColumns()} from sso_connectors order by created_at desc, seq desc
         ${disabled ? '' : 'limit $1 offset $2'}`,
        disabled ? [] : [limit, offset],
      );
      return { total: counted.rows[0]?.count ?? 0, rows: page.rows };
    });
    ctx.state.pagination.totalCount = total;
    // Connectors of a provider this build does not know are left out, as Logto filters them.
    ctx.body = await Promise.all(
      rows.filter((row) => isSsoProviderName(row.provider_name)).map(withProviderDetails),
    );
  });

  router.get<GuardState<undefined, undefined, IdParams>>(
    `${connectors.path}/:id`,
    koaGuard({ params: idParams }),
    async (ctx) => {
      ctx.body = await withProviderDetails(await findSupported(ctx.state.guard.params.id));
    },
  );

  connectors.deleteById();

  router.patch<GuardState<undefined, PatchBody, IdParams>>(
    `${connectors.path}/:id`,
    koaGuard({ params: idParams, body: patchBody }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const original = await findSupported(id);
      const providerName = original.provider_name as SsoProviderName;
      const { config, domains, ...rest } = ctx.state.guard.body;
      if (domains) validateDomains(domains);
      if (rest.connectorName) await assertUniqueName(rest.connectorName, id);
      const parsedConfig = config && parseSsoConfig(providerName, config);
      if (parsedConfig) await checkSsoConnection(providerName, parsedConfig);

      // As in Logto 1.42, `domains` alone is not "a valid update": it is written only together with the
      // config or another field (Logto's `hasValidUpdate` looks at the config and the other fields only).
      const hasValidUpdate = parsedConfig !== undefined || Object.keys(rest).length > 0;
      let row = original;
      if (hasValidUpdate) {
        const params: unknown[] = [id];
        const assignments = buildUpdateAssignments(
          [
            ['config', parsedConfig && JSON.stringify(parsedConfig)],
            ['domains', domains && JSON.stringify(domains)],
            ['branding', rest.branding && JSON.stringify(rest.branding)],
            ['connector_name', rest.connectorName],
            ['sync_profile', rest.syncProfile],
            ['enable_token_storage', rest.enableTokenStorage],
          ],
          params,
        );
        row =
          (await db.one<SsoConnectorRow>(
            `update sso_connectors set ${assignments.join(', ')} where id = $1
             returning ${ssoConnectorColumns()}`,
            params,
          )) ?? original;
      }
      ctx.body = await withProviderDetails(row);
    },
  );
};
