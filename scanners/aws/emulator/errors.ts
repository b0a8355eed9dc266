/** One error type for everything the emulator refuses, rendered per protocol by the serializers. */

export class AwsApiError extends Error {
  constructor(
    /** The Query-protocol code (AccessDenied, NoSuchEntity, Throttling…). */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export const accessDenied = (message: string) => new AwsApiError('AccessDenied', 403, message);
export const noSuchEntity = (message: string) => new AwsApiError('NoSuchEntity', 404, message);
export const validationError = (message: string) => new AwsApiError('ValidationError', 400, message);
export const throttling = () => new AwsApiError('Throttling', 400, 'Rate exceeded');
export const internalFailure = () =>
  new AwsApiError('InternalFailure', 500, 'The request processing has failed because of an unknown error.');
export const invalidAction = (action: string) =>
  new AwsApiError('InvalidAction', 400, `Could not find operation ${action || '(none)'} for version`);

/** The JSON-protocol (Organizations) name for a Query-protocol code, with its HTTP status. */
export function jsonError(error: AwsApiError): { type: string; status: number } {
  switch (error.code) {
    case 'AccessDenied':
      return { type: 'AccessDeniedException', status: 400 };
    case 'Throttling':
      return { type: 'TooManyRequestsException', status: 400 };
    case 'InternalFailure':
      return { type: 'ServiceException', status: 500 };
    case 'SignatureDoesNotMatch':
      return { type: 'InvalidSignatureException', status: 400 };
    case 'InvalidClientTokenId':
      return { type: 'UnrecognizedClientException', status: 400 };
    case 'InvalidAction':
      return { type: 'UnknownOperationException', status: 400 };
    case 'ValidationError':
      return { type: 'InvalidInputException', status: 400 };
    default:
      return { type: error.code, status: error.status };
  }
}
