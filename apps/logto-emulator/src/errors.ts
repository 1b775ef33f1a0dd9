/**
 * Logto's error vocabulary (CONTRACT.md 0.3): a code, an English message, optional `data` and `details`.
 * Thrown anywhere in a route; turned into a body once, by the error middleware in app.ts.
 */
const messages = {
  'auth.authorization_header_missing': 'Authorization header is missing.',
  'auth.authorization_token_type_not_supported': 'Authorization type is not supported.',
  'auth.unauthorized': 'Unauthorized. Please check credentials and its scope.',
  'auth.forbidden': 'Forbidden. Please check your user roles and permissions.',
  'auth.jwt_sub_missing': 'Missing `sub` in JWT.',
  'guard.invalid_input': 'The request {{type}} is invalid.',
  'guard.invalid_pagination': 'The request pagination value is invalid.',
  'entity.not_exists_with_id': 'The {{name}} with ID `{{id}}` does not exist.',
  'entity.not_exists': 'The {{name}} does not exist.',
  'entity.not_found': 'The resource does not exist.',
  'entity.unique_integrity_violation':
    'The entity already exists. Please check the input and try again.',
  'entity.relation_foreign_key_not_found':
    'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
  'entity.db_constraint_violated': 'Database constraint violated.',
  'entity.value_too_long': 'The length of value is too long and exceeds the limit.',
  'entity.create_failed': 'Failed to create {{name}}.',
  'organization.require_membership': 'The user must be a member of the organization to proceed.',
  'organization.role_names_not_found': 'The role name(s) `{{roleNames}}` not found.',
  'request.invalid_input': 'Input is invalid. {{details}}',
  'request.message_rate_limited':
    'Too many messages sent to this recipient. Please try again later.',
  'request.rate_limited': 'Too many requests. Please try again later.',
  'request.general': 'Request error occurred.',
  'connector.not_found': 'Cannot find any available connector for type: {{type}}.',
  'connector.invalid_config': "The connector's config is invalid.",
  'connector.invalid_metadata': "The connector's metadata is invalid.",
  'connector.not_found_with_connector_id':
    'Can not find connector with given standard connector id.',
  'connector.multiple_instances_not_supported':
    'Can not create multiple instance with picked standard connector.',
  'connector.invalid_type_for_syncing_profile':
    'You can only sync user profile with social connectors.',
  'connector.cannot_overwrite_metadata_for_non_standard_connector':
    "This connector's 'metadata' cannot be overwritten.",
  'single_sign_on.forbidden_domains': 'Public email domains are not allowed.',
  'single_sign_on.duplicated_domains': 'There are duplicate domains.',
  'single_sign_on.duplicate_connector_name': 'Connector name already exists.',
  'user.email_already_in_use': 'This email is associated with an existing account.',
  'user.username_already_in_use': 'This username is already in use.',
  'user.phone_already_in_use': 'This phone number is associated with an existing account.',
  'user.password_and_digest': 'You cannot set both plain text password and password digest.',
  'user.password_algorithm_required': 'Password algorithm is required.',
  'user.invalid_email': 'Invalid email address.',
  'user.invalid_phone': 'Invalid phone number.',
  'resource.resource_identifier_in_use': 'The API identifier {{indicator}} is already in use.',
  'role.name_in_use': 'This role name {{name}} is already in use',
  'application.invalid_type': 'Only machine to machine applications can have associated roles.',
  'session.invalid_credentials': 'Incorrect account or password. Please check your input.',
  'user.invalid_role_type': 'Invalid role type, can not assign machine-to-machine role to user.',
  'role.scope_exists': 'The scope id {{scopeId}} has already been added to this role',
  'role.management_api_scopes_not_assignable_to_user_role':
    'Cannot assign management API scopes to a user role.',
  'role.user_exists': 'The user id {{userId}} is already been added to this role',
  'role.application_exists':
    'The application id {{applicationId}} is already been added to this role',
  'scope.name_exists': 'The scope name {{name}} is already in use',
  'scope.name_with_space': 'The name of the scope cannot contain any spaces.',
  'resource.cannot_delete_management_api': 'Cannot delete Logto management API.',
  'resource.cannot_modify_management_api': 'Cannot modify Logto management API.',
  'application.role_exists': 'The role id {{roleId}} is already been added to this application.',
  'application.invalid_role_type':
    'Can not assign user type role to machine to machine application.',
  'application.invalid_third_party_application_type':
    'Only traditional web, single-page and native applications can be marked as third-party apps.',
  'application.protected_app_metadata_is_required': 'Protected app metadata is required.',
  'application.protected_app_not_configured':
    'Protected app provider is not configured. This feature is not available for open source version.',
  'application.saml.use_saml_app_api':
    'Use `[METHOD] /saml-applications(/.*)?` API to operate SAML app.',
  'application.no_legacy_secret_found': 'The application does not have a legacy secret.',
  'application.secret_name_exists': 'Secret name already exists.',
  'application.protected_application_only':
    'The feature is only available for protected applications.',
  'sign_in_experiences.enabled_connector_not_found': 'Enabled {{type}} connector not found.',
  'sign_in_experiences.username_requires_password':
    'Must enable set a password for username sign up identifier.',
  'sign_in_experiences.passwordless_requires_verify':
    'Need to enable verify for email/phone sign-up identifier.',
  'sign_in_experiences.at_least_one_authentication_factor':
    'You have to select at least one authentication factor.',
  'sign_in_experiences.code_sign_in_must_be_enabled':
    'Verification code sign-in must be enabled when set a password is not required in sign-up.',
} as const;

export type ErrorCode = keyof typeof messages;

type RequestErrorInit = {
  code: ErrorCode;
  status?: number;
  data?: unknown;
  details?: string;
  /** Values for the `{{placeholders}}` in the message. */
  values?: Record<string, string>;
};

export class RequestError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly data: unknown;
  readonly details: string | undefined;

  constructor(init: ErrorCode | RequestErrorInit, data?: unknown) {
    const {
      code,
      status = 400,
      values = {},
      details,
      ...rest
    } = typeof init === 'string' ? { code: init } : init;
    const template: string = messages[code];
    super(template.replaceAll(/{{(\w+)}}/g, (_, key: string) => values[key] ?? ''));
    this.code = code;
    this.status = status;
    this.data = 'data' in rest ? rest.data : data;
    this.details = details;
  }

  toBody() {
    return {
      code: this.code,
      ...(this.data === undefined ? {} : { data: this.data }),
      ...(this.details === undefined ? {} : { details: this.details }),
      message: this.message,
    };
  }
}
