import { exampleFor } from "./examples";
import { buildOpenApiDocument, type OpenApiDocument } from "./openapi";

// The API reference page's model: the OpenAPI document grouped by resource, each endpoint with examples
// generated from its schemas and a curl command that runs as pasted once PARLEY_URL and PARLEY_KEY are set.

type JsonSchema = Record<string, unknown>;

export interface ReferenceParameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface ReferenceEndpoint {
  id: string;
  method: string;
  /** The full path, e.g. `/api/v1/conversations/{id}`. */
  path: string;
  summary: string;
  description?: string;
  scope: string | null;
  parameters: ReferenceParameter[];
  requestSchema?: JsonSchema;
  requestExample?: unknown;
  successStatus: string;
  successDescription: string;
  responseSchema?: JsonSchema;
  responseExample?: unknown;
  streams: boolean;
  errors: { status: string; description: string }[];
  curl: string;
}

export interface ReferenceGroup {
  tag: string;
  endpoints: ReferenceEndpoint[];
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  "x-scope"?: string;
  security?: unknown[];
  parameters?: ReferenceParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  /** The body is a file sent as is. */
  "x-upload"?: boolean;
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export function buildReference(document: OpenApiDocument = buildOpenApiDocument()): ReferenceGroup[] {
  const components = document.components.schemas as Record<string, JsonSchema>;
  const prefix = document.servers[0]?.url ?? "";
  const groups = new Map<string, ReferenceEndpoint[]>(document.tags.map((t) => [t.name, []]));
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as Operation;
      const requestSchema = op["x-upload"] ? undefined : op.requestBody?.content["application/json"]?.schema;
      const requestExample = requestSchema ? exampleFor(requestSchema, { components, io: "request" }) : undefined;
      // 201 over 200 where both exist: 200 is then only the replay of an earlier request.
      const [successStatus, success] = Object.entries(op.responses)
        .filter(([status]) => status.startsWith("2"))
        .sort(([a], [b]) => Number(b) - Number(a))[0]!;
      const responseSchema = success.content?.["application/json"]?.schema;
      const parameters = op.parameters ?? [];
      const endpoint: ReferenceEndpoint = {
        id: op.operationId,
        method: method.toUpperCase(),
        path: `${prefix}${path}`,
        summary: op.summary,
        description: op.description,
        scope: op["x-scope"] ?? null,
        parameters,
        requestSchema,
        requestExample,
        successStatus,
        successDescription: success.description,
        responseSchema,
        responseExample: responseSchema ? exampleFor(responseSchema, { components, io: "response" }) : undefined,
        streams: Boolean(success.content?.["text/event-stream"]),
        errors: Object.entries(op.responses)
          .filter(([status]) => !status.startsWith("2"))
          .map(([status, response]) => ({ status, description: response.description })),
        curl: curlCommand({
          method: method.toUpperCase(),
          path: `${prefix}${path}`,
          query: parameters.filter((p) => p.in === "query" && p.required),
          authenticated: Boolean(op["x-scope"]) || (op.security?.length ?? 0) > 0,
          body: requestExample,
          upload: op["x-upload"] ? "conversations.json" : undefined,
        }),
      };
      const group = groups.get(op.tags[0] ?? "Other") ?? [];
      group.push(endpoint);
      groups.set(op.tags[0] ?? "Other", group);
    }
  }
  return [...groups].filter(([, endpoints]) => endpoints.length > 0).map(([tag, endpoints]) => ({ tag, endpoints }));
}

/** `{id}` after `/conversations` becomes `$CONVERSATION_ID`: the variable the getting-started steps set. */
export function pathVariable(path: string, name: string): string {
  const segments = path.split("/");
  const index = segments.indexOf(`{${name}}`);
  const owner = index > 0 ? segments[index - 1]! : "";
  const singular = owner.replace(/-/g, "_").replace(/s$/, "");
  return `$${(name === "id" && singular ? `${singular}_id` : name).toUpperCase()}`;
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export function curlCommand({
  method,
  path,
  query = [],
  authenticated,
  body,
  upload,
}: {
  method: string;
  path: string;
  query?: { name: string; schema: JsonSchema }[];
  authenticated: boolean;
  body?: unknown;
  /** A file name to send as the whole body. */
  upload?: string;
}): string {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => pathVariable(path, name));
  const search = query.map((p) => `${p.name}=${queryValue(p)}`).join("&");
  const lines = [`curl${method === "GET" ? "" : ` -X ${method}`} "$PARLEY_URL${url}${search ? `?${search}` : ""}"`];
  if (authenticated) lines.push(`-H "Authorization: Bearer $PARLEY_KEY"`);
  if (body !== undefined) {
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d ${shellQuote(JSON.stringify(body))}`);
  }
  if (upload) {
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`--data-binary @${upload}`);
  }
  return lines.join(" \\\n  ");
}

/** An id comes from an earlier call (a shell variable); anything else is the schema's example. */
function queryValue({ name, schema }: { name: string; schema: JsonSchema }): string {
  const example = Array.isArray(schema.examples) ? schema.examples[0] : undefined;
  if (name.endsWith("_id") || example === undefined) return `$${name.toUpperCase()}`;
  return encodeURIComponent(String(example));
}
