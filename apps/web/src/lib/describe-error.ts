import { ZodError } from 'zod';

import { ApiError, BffUnreachableError } from './api-client.js';

export type ErrorDescription = {
  titleKey: 'errors.bffUnreachableTitle' | 'errors.configInvalidTitle' | 'errors.unexpectedTitle';
  descriptionKey:
    | 'errors.bffUnreachableDescription'
    | 'errors.configInvalidDescription'
    | 'errors.unexpectedDescription';
  requestId?: string | undefined;
};

/** Turns a failure talking to the BFF into words a person can act on (as translation keys). */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof BffUnreachableError || (error instanceof ApiError && error.status === 503)) {
    return {
      titleKey: 'errors.bffUnreachableTitle',
      descriptionKey: 'errors.bffUnreachableDescription',
      requestId: error instanceof ApiError ? error.requestId : undefined,
    };
  }
  if (error instanceof ZodError) {
    return {
      titleKey: 'errors.configInvalidTitle',
      descriptionKey: 'errors.configInvalidDescription',
    };
  }
  return {
    titleKey: 'errors.unexpectedTitle',
    descriptionKey: 'errors.unexpectedDescription',
    requestId: error instanceof ApiError ? error.requestId : undefined,
  };
}
