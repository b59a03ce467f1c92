import { z } from "zod";
import { SCOPE_DESCRIPTIONS } from "../auth/scopes";
import { OpenAiErrorResponse } from "./openai/schemas";
import { API_PREFIX, type RouteSpec, routes } from "./routes";
import { ErrorResponse } from "./schemas";

type JsonSchema = Record<string, unknown>;

const COMPONENT_REF = "#/components/schemas/";

/**
 * Converts a zod schema to an OpenAPI 3.1 (JSON Schema 2020-12) schema. Schemas with a `meta({ id })` are
 * hoisted into `components.schemas` and referenced. Requests are described as the client sends them
 * (`io: "input"`), responses as the server writes them.
 */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  const { $schema: _ignored, $defs, ...rest } = generated as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const rewrite = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"${COMPONENT_REF}`)) as T;
  for (const [id, def] of Object.entries($defs ?? {})) components[id] = rewrite(def);
  return rewrite(rest);
}

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request: the body is not JSON, or the cursor is not one this API gave out.",
  401: "No valid API key, access token or session.",
  403:
    "The credential's scope does not allow this, a cross-site request with a session cookie, or your role does " +
    "not: a model it does not include (`forbidden:model`, with `error.fields` naming `model`), or sharing links " +
    "(`forbidden:share_links`).",
  404: "Not found, or not yours.",
  409: "Conflict.",
  413: "The body is too large.",
  422: "A field is not valid; `error.fields` names it and says why.",
  415: "The body is not sent as `application/json`.",
  429:
    "Too many requests, or your role's messages per minute (`rate_limited:chat:messages`) or tokens per UTC day " +
    "(`rate_limited:chat:tokens`, until midnight UTC) are used up; the message says when, and the `Retry-After` " +
    "header gives the seconds.",
  503: "Parley cannot reach its database; nothing was changed. Retry after the `Retry-After` header's seconds.",
};

const OPENAI_ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Bad input (`invalid_request_error`): not JSON, a field out of range (`param` names it), `n` other than 1.",
  401: "No valid API key or access token (`invalid_api_key`).",
  403: "The key lacks `models:use`, or your role does not allow this model.",
  404: "No such model (`model_not_found`).",
  413: "The body is too large.",
  429:
    "Too many requests, your role's messages per minute, or its tokens per UTC day (`tokens_per_day_exceeded`, " +
    "with `x-should-retry: false`); `Retry-After` gives the seconds.",
  503: "The model server or the database cannot be reached; retry after `Retry-After` seconds.",
};

export function errorStatuses(spec: RouteSpec): number[] {
  if (spec.errorFormat === "openai") {
    return [...(spec.body ? [400, 413] : []), 401, 403, ...(spec.notFound ? [404] : []), 429, 503];
  }
  if (!spec.scope)
    return Object.keys(spec.errors ?? {})
      .map(Number)
      .sort((a, b) => a - b);
  const statuses = [401, 403, 429, 503];
  if (spec.params || spec.query || spec.body) statuses.push(422);
  if (spec.body || spec.upload || spec.multipart) statuses.push(400, 413, 415);
  if (spec.upload || spec.multipart) statuses.push(422);
  else if (spec.query && "cursor" in spec.query.shape) statuses.push(400);
  if (spec.params || "conversation_id" in (spec.query?.shape ?? {}) || spec.streams || spec.notFound) {
    statuses.push(404);
  }
  if (spec.conflicts) statuses.push(409);
  return [...new Set(statuses)].sort((a, b) => a - b);
}

function operation(id: string, spec: RouteSpec, components: Record<string, JsonSchema>) {
  const parameters: JsonSchema[] = [];
  for (const [where, schema] of [
    ["path", spec.params],
    ["query", spec.query],
  ] as const) {
    if (!schema) continue;
    const object = toSchema(schema, "input", components) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...propertySchema } = property;
      parameters.push({
        name,
        in: where,
        required: where === "path" || (object.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: propertySchema,
      });
    }
  }
  if (spec.idempotencyKey) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Any string of 1 to 255 characters, unique per message you mean to send. Retrying with the same key " +
        "answers 200 with what was stored the first time instead of sending twice.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  const success: JsonSchema = { description: spec.success.description };
  if (spec.eventStream) {
    success.content = { "text/event-stream": { schema: { type: "string" } } };
  } else if (spec.success.schema) {
    success.content = {
      "application/json": { schema: toSchema(spec.success.schema, "output", components) },
      ...(spec.streams ? { "text/event-stream": { schema: { type: "string" } } } : {}),
      ...(spec.progress ? { "application/x-ndjson": { schema: { type: "string" } } } : {}),
    };
  } else if (spec.binary) {
    // The file's own media type (an image, a PDF, text…).
    success.content = { "*/*": { schema: { type: "string", format: "binary" } } };
  } else if (id === "openapi") {
    success.content = { "application/json": { schema: { type: "object" } } };
  }
  const responses: Record<string, JsonSchema> = { [String(spec.success.status)]: success };
  if (spec.replays && spec.success.schema) {
    responses["200"] = {
      description: "This message id was sent before: what was stored then (nothing is sent twice).",
      content: {
        "application/json": { schema: toSchema(spec.success.schema, "output", components) },
        ...(spec.streams ? { "text/event-stream": { schema: { type: "string" } } } : {}),
      },
    };
  }
  const openai = spec.errorFormat === "openai";
  const errorRef = toSchema(openai ? OpenAiErrorResponse : ErrorResponse, "output", components);
  for (const status of errorStatuses(spec)) {
    responses[String(status)] = {
      description: openai
        ? OPENAI_ERROR_DESCRIPTIONS[status]
        : status === 409 && spec.conflicts
          ? spec.conflicts
          : (spec.errors?.[status as keyof NonNullable<RouteSpec["errors"]>] ??
            spec.upload?.errors[status as 400 | 413 | 415 | 422] ??
            ERROR_DESCRIPTIONS[status]),
      ...(status === 429 || status === 503
        ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } }
        : {}),
      content: { "application/json": { schema: errorRef } },
    };
  }
  return {
    operationId: id,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.scope
      ? { "x-scope": spec.scope, security: [{ bearer: [spec.scope] }, { session: [] }] }
      : spec.credential === "any"
        ? { security: [{ bearer: [] }, { session: [] }] }
        : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.upload
      ? {
          "x-upload": true,
          requestBody: {
            required: true,
            description: spec.upload.description,
            content: {
              "application/json": { schema: { type: ["array", "object"] } },
              "application/octet-stream": { schema: { type: "string", contentMediaType: "application/json" } },
            },
          },
        }
      : {}),
    ...(spec.multipart
      ? {
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["file"],
                  properties: { file: { type: "string", format: "binary" } },
                },
              },
            },
          },
        }
      : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toSchema(spec.body, "input", components) } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the route registry. */
export function buildOpenApiDocument(serverUrl = API_PREFIX) {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, spec] of Object.entries(routes) as [string, RouteSpec][]) {
    paths[spec.path] ??= {};
    paths[spec.path]![spec.method.toLowerCase()] = operation(id, spec, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley REST API",
      version: "1",
      description:
        "Conversations and messages for programs. Authenticate with `Authorization: Bearer <API key>` " +
        "(created in Settings, with scopes) or an access token from `POST /api/v1/auth/token`. Every error is " +
        "`{ error: { code, message, fields? } }` (the OpenAI-compatible endpoints answer OpenAI's error shape). Lists are cursor-paginated: pass `next_cursor` back as `cursor`.",
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "Authentication" },
      { name: "Conversations" },
      { name: "Messages" },
      { name: "Files" },
      { name: "Projects" },
      { name: "Direct messages" },
      { name: "Shares" },
      { name: "Profile" },
      {
        name: "OpenAI-compatible",
        description:
          "OpenAI's Models, Chat Completions and Embeddings APIs: point any OpenAI client at this base URL with a " +
          "key that has the `models:use` scope. Errors here are OpenAI's shape.",
      },
      { name: "Meta" },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: `API key (\`pk_…\`) or access token (\`at_…\`). Scopes: ${Object.entries(SCOPE_DESCRIPTIONS)
            .map(([scope, what]) => `\`${scope}\` (${what})`)
            .join(", ")}. Access tokens carry every scope.`,
        },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The web app's session." },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
