import type { Instrumentation } from "next";
import { log } from "./log";

type Args = Parameters<Instrumentation.onRequestError>;

/** instrumentation.ts `onRequestError`: the path without its query (a reset link's token stays out of logs). */
export function logRequestError(error: Args[0], request: Args[1], context: Args[2]): void {
  const sent = request.headers["x-request-id"];
  log.error("request.unhandled", {
    requestId: Array.isArray(sent) ? sent[0] : sent,
    method: request.method,
    path: request.path.split("?", 1)[0],
    routePath: context.routePath,
    routeType: context.routeType,
    error,
  });
}
