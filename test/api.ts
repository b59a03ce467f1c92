// Calls the REST v1 route modules the way Next does: `new Request(...)` and a params promise.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { API_PREFIX, type Method, type RouteSpec, routes } from "@/lib/api/routes";
import type { Scope } from "@/lib/auth/scopes";
import { SCOPES } from "@/lib/auth/scopes";
import { parseSseEvents } from "@/lib/chat/sse";
import { createApiKey } from "@/lib/db/api-keys";
import { createTestUser } from "./factories";
import { validateJsonSchema } from "./json-schema";

const root = path.resolve(import.meta.dirname, "..");
const ORIGIN = "http://parley.test";

export interface ApiUser {
  id: string;
  key: string;
}

export async function apiUser(scopes: readonly Scope[] = SCOPES): Promise<ApiUser> {
  const user = await createTestUser("api");
  return { id: user.id, key: await keyFor(user.id, scopes) };
}

export async function keyFor(userId: string, scopes: readonly Scope[]): Promise<string> {
  const { key } = await createApiKey({ userId, name: `test ${randomUUID().slice(0, 6)}`, scopes: [...scopes] });
  return key;
}

/** The route module file for a registry path: `/conversations/{id}` → app/api/v1/conversations/[id]/route.ts. */
export function routeFile(specPath: string): string {
  const segments = specPath
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/^\{(.+)\}$/, "[$1]"));
  return path.join(root, "app", "api", "v1", ...segments, "route.ts");
}

function matchRoute(method: Method, pathname: string): { spec: RouteSpec; params: Record<string, string> } {
  const relative = pathname.slice(API_PREFIX.length);
  for (const spec of Object.values(routes) as RouteSpec[]) {
    if (spec.method !== method) continue;
    const names: string[] = [];
    const pattern = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    const match = new RegExp(`^${pattern}$`).exec(relative);
    if (match) {
      return {
        spec,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")])),
      };
    }
  }
  throw new Error(`No route for ${method} ${pathname}`);
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  rawBody?: string | Uint8Array<ArrayBuffer>;
  /** A multipart body (Request sets its content type and boundary). */
  form?: FormData;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading JSON bodies
  json: any;
}

/** `url` is relative to /api/v1, with the query string. */
export async function call(method: Method, url: string, options: CallOptions = {}): Promise<ApiResponse> {
  const { spec, response } = await send(method, url, options);
  const text = await response.text();
  let json: unknown = null;
  if (response.headers.get("content-type")?.includes("application/json") && text) json = JSON.parse(text);
  const result = { status: response.status, headers: response.headers, text, json };
  if (spec.path !== "/openapi.json") await assertDocumented(spec, result);
  return result;
}

/** The handler's Response, unread (for streams a test reads partly or cancels). */
export async function callRaw(method: Method, url: string, options: CallOptions = {}): Promise<Response> {
  return (await send(method, url, options)).response;
}

async function send(method: Method, url: string, options: CallOptions) {
  const full = new URL(`${API_PREFIX}${url}`, ORIGIN);
  const { spec, params } = matchRoute(method, full.pathname);
  const module = (await import(/* @vite-ignore */ routeFile(spec.path))) as Record<
    string,
    (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>
  >;
  const handler = module[method];
  if (!handler) throw new Error(`${routeFile(spec.path)} does not export ${method}`);
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (options.form) {
    const response = await handler(new Request(full, { method, headers, body: options.form }), {
      params: Promise.resolve(params),
    });
    return { spec, response };
  }
  const response = await handler(new Request(full, { method, headers, body }), { params: Promise.resolve(params) });
  return { spec, response };
}

/**
 * A `fetch` answered by the route modules themselves, for clients nobody here wrote (the `openai` SDK):
 * `new OpenAI({ baseURL: "http://parley.test/api/v1", fetch: routeFetch })`.
 */
export async function routeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const { spec, params } = matchRoute(request.method as Method, new URL(request.url).pathname);
  const module = (await import(/* @vite-ignore */ routeFile(spec.path))) as Record<
    string,
    (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>
  >;
  const handler = module[request.method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(request, { params: Promise.resolve(params) });
}

/** The JSON chunks of a server-sent event stream, without the final `[DONE]`. */
// biome-ignore lint/suspicious/noExplicitAny: chunks are plain JSON
export function sseChunks(text: string): any[] {
  expectDone(text.split("\n\n").filter(Boolean).at(-1));
  return parseSseEvents(text).events;
}

function expectDone(last: string | undefined) {
  if (last !== "data: [DONE]") throw new Error(`The stream did not end with [DONE]: ${last}`);
}

interface OpenApiOperation {
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
// biome-ignore lint/suspicious/noExplicitAny: the served document is plain JSON
let served: any;

/** The document GET /api/v1/openapi.json serves (fetched through its route once per test file). */
export async function servedDocument() {
  served ??= (await call("GET", "/openapi.json")).json;
  return served;
}

/** Every response must have a documented status, content type and (for JSON) a body matching its schema. */
async function assertDocumented(spec: RouteSpec, response: Omit<ApiResponse, "json"> & { json: unknown }) {
  const document = await servedDocument();
  const operation = document.paths[spec.path]?.[spec.method.toLowerCase()] as OpenApiOperation | undefined;
  const where = `${spec.method} ${spec.path} → ${response.status}`;
  if (!operation) throw new Error(`${spec.method} ${spec.path} is not in the OpenAPI document`);
  const documented = operation.responses[String(response.status)];
  if (!documented) throw new Error(`${where} is not documented: ${response.text.slice(0, 300)}`);
  const type = response.headers.get("content-type")?.split(";")[0] ?? null;
  if (!documented.content) {
    if (response.text !== "") throw new Error(`${where} should have no body`);
    return;
  }
  const media = type ? (documented.content[type] ?? documented.content["*/*"]) : undefined;
  if (!media) throw new Error(`${where}: content type ${type} is not documented`);
  if (media === documented.content["*/*"]) return;
  if (type !== "application/json") return;
  const errors = validateJsonSchema(response.json, media.schema, (ref) => {
    const name = ref.replace("#/components/schemas/", "");
    const schema = document.components.schemas[name];
    if (!schema) throw new Error(`${where}: dangling $ref ${ref}`);
    return schema;
  });
  if (errors.length) throw new Error(`${where} does not match the document:\n${errors.slice(0, 10).join("\n")}`);
  if (response.status === 429 && !response.headers.get("retry-after")) throw new Error(`${where} lacks Retry-After`);
}
