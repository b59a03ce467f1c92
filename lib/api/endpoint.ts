import "server-only";
import type { z } from "zod";
import { authenticateApiRequest, type Principal, principalStillValid, requireScope } from "../auth/api-principal";
import { closeResponseWhenRevoked } from "../auth/stream-guard";
import { AppError } from "../errors";
import { DEFAULT_MAX_BODY_BYTES, handle, json, parseWith, readJson, refuseUnsafeText } from "../http";
import { enforce, type RateLimitRule } from "../rate-limit";
import { span } from "../timing";
import { openAiErrorFormat } from "./openai/errors";
import type { RouteSpec } from "./routes";

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface EndpointInput<S extends RouteSpec> {
  request: Request;
  /** Always set for endpoints with a scope (every one but the public OpenAPI document). */
  principal: Principal;
  params: Infer<S["params"]>;
  query: Infer<S["query"]>;
  body: Infer<S["body"]>;
}

type Success<S extends RouteSpec> = S["success"]["schema"] extends z.ZodType
  ? z.input<S["success"]["schema"]>
  : undefined;

/** What a handler returns: the documented success body, or a Response it built itself (a stream, a 200 replay). */
export type EndpointResult<S extends RouteSpec> = { body: Success<S> } | Response;

interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

/** Every authenticated caller: generous, but bounds a runaway script. */
export const API_RATE_LIMIT: RateLimitRule = { name: "api", limit: 600, windowSeconds: 60 };

const MAX_BODY_BYTES = DEFAULT_MAX_BODY_BYTES;

/**
 * Turns a route spec and its implementation into a Next route handler: authenticate, check the scope,
 * rate-limit, validate params, query and body with the spec's schemas, then answer with the spec's status.
 * Anything thrown becomes the one JSON error shape.
 */
export function endpoint<const S extends RouteSpec>(
  spec: S,
  implementation: (input: EndpointInput<S>) => Promise<EndpointResult<S>>,
) {
  return handle(
    async (request: Request, context?: RouteContext) => {
      let principal: Principal | undefined;
      let limited: Promise<void> | undefined;
      if (spec.scope) {
        principal = await span("auth", () => authenticate(request));
        requireScope(principal, spec.scope);
        // Counted while the request is read and validated; a refusal still comes before any validation error.
        limited = enforce(API_RATE_LIMIT, principal.userId, "Too many API requests. Wait and try again.");
        limited.catch(() => {});
      }
      // Read while the hit is counted, but a refusal answers as soon as it is known (not after the body).
      const reading = readInput(spec, request, context);
      reading.catch(() => {});
      await limited;
      const { params, query, body } = await reading;
      const result = await implementation({ request, principal, params, query, body } as EndpointInput<S>);
      if (result instanceof Response) {
        // A stream outlives the request's one check: it is checked again while it is open.
        if (principal && isEventStream(result)) {
          const caller = principal;
          return closeResponseWhenRevoked(result, () => principalStillValid(request, caller), {
            path: spec.path,
            userId: caller.userId,
            via: caller.via,
          });
        }
        return result;
      }
      if (spec.success.status === 204) return new Response(null, { status: 204 });
      return json(result.body, { status: spec.success.status });
    },
    spec.errorFormat === "openai" ? openAiErrorFormat : undefined,
  );
}

function isEventStream(response: Response): boolean {
  return response.headers.get("content-type")?.split(";")[0]?.trim() === "text/event-stream";
}

/** Params, query and body, validated with the spec's schemas. */
async function readInput(spec: RouteSpec, request: Request, context: RouteContext | undefined) {
  const rawParams = await pathParams(context);
  const rawQuery = queryObject(request);
  refuseUnsafeText({ ...rawParams, ...rawQuery });
  const params = spec.params ? parseWith(spec.params, rawParams) : undefined;
  const query = spec.query ? parseWith(spec.query, rawQuery) : undefined;
  const body = spec.body
    ? await readJson(request, spec.body, spec.maxBodyBytes ?? MAX_BODY_BYTES, { maxDepth: spec.maxDepth })
    : undefined;
  return { params, query, body };
}

async function authenticate(request: Request): Promise<Principal> {
  // Without a bearer token or any cookie nobody can be signed in: answer 401 without asking Auth.js.
  if (!request.headers.get("authorization") && !request.headers.get("cookie")) {
    throw new AppError("unauthorized", { message: "Send an API key or access token as a Bearer token." });
  }
  return authenticateApiRequest(request);
}

async function pathParams(context: RouteContext | undefined) {
  const raw = (await context?.params) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

/** Query parameters as an object; a repeated parameter is refused rather than silently picking one. */
function queryObject(request: Request): Record<string, string> {
  const search = new URL(request.url).search.slice(1);
  try {
    // URLSearchParams turns bytes that are not UTF-8 into U+FFFD; decodeURIComponent refuses them.
    for (const part of search.split(/[&=]/)) decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    throw new AppError("bad_request:encoding", { message: "The query string is not valid UTF-8." });
  }
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (key in out) {
      throw new AppError("validation", {
        message: `${key}: give this parameter once.`,
        fields: [{ field: key, message: "Give this parameter once." }],
      });
    }
    out[key] = value;
  }
  return out;
}
