import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line written while a request is handled carries (lib/log.ts reads it). */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id scripts/server.mjs put on the request (a trusted proxy's, or a new one), else a new one: under
 * `next dev` and in tests there is no such server. `fromServer` says whether the response already carries it.
 */
export function requestIdOf(headers: Headers): { requestId: string; fromServer: boolean } {
  const sent = headers.get("x-request-id");
  if (sent && REQUEST_ID.test(sent)) return { requestId: sent, fromServer: true };
  return { requestId: crypto.randomUUID(), fromServer: false };
}
