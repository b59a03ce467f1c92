import { APICallError } from "ai";

/** Why a reply's model call was ended by a timer: the model sent nothing at all, or stopped mid-reply. */
export class ModelTimeout extends Error {
  constructor(
    readonly phase: "first_token" | "idle",
    readonly seconds: number,
  ) {
    super(
      phase === "first_token"
        ? `The model did not answer within ${formatSeconds(seconds)}.`
        : `The model stopped answering for ${formatSeconds(seconds)}; the reply was cut there.`,
    );
    this.name = "ModelTimeout";
  }
}

/** Why a reply was ended before its model was done: this instance is shutting down (SIGTERM, a deploy). */
export class ServerRestarting extends Error {
  constructor() {
    super("The server is restarting: this reply was cut short. Retry to get a full reply.");
    this.name = "ServerRestarting";
  }
}

/** An abort that the reply's readers get as an error (a timer or a shutdown), not as "stopped by the user". */
export function isErrorAbort(reason: unknown): reason is ModelTimeout | ServerRestarting {
  return reason instanceof ModelTimeout || reason instanceof ServerRestarting;
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

export const STREAM_CUT = "The connection to the model server was lost mid-reply.";

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "ResponseAborted");
}

/** A message safe to show the person; the cause stays in the logs. */
export function describeModelError(error: unknown): string {
  if (isErrorAbort(error)) return error.message;
  if (APICallError.isInstance(error)) {
    if (error.statusCode === 401 || error.statusCode === 403) return "The model server refused the credentials.";
    if (error.statusCode === 429) return "The model server is rate limiting requests. Try again shortly.";
    // A 2xx status here means the answer had started and its stream broke.
    if (error.statusCode && error.statusCode < 300) return STREAM_CUT;
    if (error.statusCode) return `The model server returned an error (HTTP ${error.statusCode}).`;
    return "The model server could not be reached.";
  }
  const text = error instanceof Error ? `${error.name} ${error.message} ${String(error.cause ?? "")}` : String(error);
  if (/ECONNREFUSED|ENOTFOUND|fetch failed|connect/i.test(text)) return "The model server could not be reached.";
  if (/terminated|socket|ECONNRESET|other side closed|premature|aborted/i.test(text)) return STREAM_CUT;
  return "The model failed to answer.";
}
