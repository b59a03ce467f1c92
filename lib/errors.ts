// The one error type. A code maps to an HTTP status and a message that is safe to show;
// internal causes are logged by the boundary that catches the error, never sent to the client.
import { isStorageFull, noteStorageFull } from "./db/storage-full";
import { isDatabaseUnavailable } from "./db/unavailable";

const STATUS_BY_KIND = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorKind = keyof typeof STATUS_BY_KIND;
/** `kind` or `kind:subject`, e.g. `not_found:conversation`. */
export type ErrorCode = ErrorKind | `${ErrorKind}:${string}`;

const DEFAULT_MESSAGES: Record<ErrorKind, string> = {
  bad_request: "The request could not be understood.",
  unauthorized: "You need to sign in to do that.",
  forbidden: "You are not allowed to do that.",
  not_found: "Not found.",
  conflict: "That conflicts with something that already exists.",
  payload_too_large: "The request is too large.",
  unsupported_media_type: "The body is not in a format this endpoint accepts.",
  validation: "Some fields are not valid.",
  rate_limited: "Too many requests. Please wait and try again.",
  unavailable: "Parley cannot reach its database right now. Nothing was changed; try again in a moment.",
  internal: "Something went wrong on our side.",
};

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly fields?: FieldError[];
  readonly retryAfterSeconds?: number;
  /** Survives Next's scrubbing of server errors, so an error boundary in the browser can tell what happened. */
  readonly digest?: string;

  constructor(
    readonly code: ErrorCode,
    options: { message?: string; cause?: unknown; fields?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    const kind = code.split(":")[0] as ErrorKind;
    super(options.message ?? DEFAULT_MESSAGES[kind], { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.status = STATUS_BY_KIND[kind];
    this.fields = options.fields;
    this.retryAfterSeconds =
      options.retryAfterSeconds ?? (kind === "unavailable" ? UNAVAILABLE_RETRY_SECONDS : undefined);
    if (code === "unavailable:database") this.digest = DATABASE_UNAVAILABLE_DIGEST;
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Turns anything thrown into an AppError; unknown errors become `internal` with the cause kept for logs. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError("unavailable:database", { cause: error });
  if (isStorageFull(error)) {
    noteStorageFull();
    return new AppError("unavailable:storage_full", { message: STORAGE_FULL_MESSAGE, cause: error });
  }
  return new AppError("internal", { cause: error });
}

export const STORAGE_FULL_MESSAGE =
  "Parley's storage is full, so nothing was saved. Reading still works; an administrator needs to free disk space.";

export const DATABASE_UNAVAILABLE_DIGEST = "parley:database_unavailable";
const UNAVAILABLE_RETRY_SECONDS = 5;

/** Whether `error` (an AppError, a database error or an error boundary's scrubbed copy) means the database is down. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  if (error instanceof AppError) return error.code === "unavailable:database";
  if ((error as { digest?: unknown } | null)?.digest === DATABASE_UNAVAILABLE_DIGEST) return true;
  return isDatabaseUnavailable(error);
}
