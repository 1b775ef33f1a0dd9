/** A failure the person running setup can act on: the message names what to check. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** A Management API call that answered with an error status. */
export class ManagementApiError extends SetupError {
  override name = 'ManagementApiError';

  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}
