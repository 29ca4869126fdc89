/** The service's own error catalogue: stable codes, an HTTP status each. */
export const SERVER_ERRORS = {
  KF_ERR_SERVER_CONFIG: { status: 500, title: 'The service configuration is invalid' },
  KF_ERR_SERVER_STORAGE: { status: 500, title: 'The storage could not be opened or migrated' },
  KF_ERR_SERVER_TLS: { status: 500, title: 'The TLS certificate or key could not be used' },
  KF_ERR_UNAUTHORIZED: { status: 401, title: 'A valid API token is required' },
  KF_ERR_NOT_FOUND: { status: 404, title: 'No such object' },
  KF_ERR_BAD_REQUEST: { status: 400, title: 'The request is invalid' },
  KF_ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is larger than the limit' },
  KF_ERR_INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

export class ServerError extends Error {
  readonly status: number;
  constructor(
    readonly code: ServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
    this.status = SERVER_ERRORS[code].status;
  }
}
