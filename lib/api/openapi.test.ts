import { describe, expect, test } from "vitest";
import { buildOpenApiDocument } from "./openapi";
import { type RouteSpec, routes } from "./routes";

const document = buildOpenApiDocument();
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Record<string, unknown> })),
);

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe("the generated OpenAPI document", () => {
  test("is OpenAPI 3.1 with one operation per registry route and unique operation ids", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(operations).toHaveLength(Object.keys(routes).length);
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [id, spec] of Object.entries(routes) as [string, RouteSpec][]) {
      expect(document.paths[spec.path]?.[spec.method.toLowerCase()], id).toMatchObject({ operationId: id });
    }
  });

  test("every $ref resolves and no zod-internal $defs are left", () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(ref.split("/").at(-1)!);
    }
    expect(JSON.stringify(document)).not.toContain("$defs");
  });

  test("every path template parameter is declared as a required path parameter", () => {
    for (const { path, op } of operations) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = ((op.parameters ?? []) as { name: string; in: string; required: boolean }[])
        .filter((p) => p.in === "path")
        .map((p) => p.name);
      expect(declared.sort(), path).toEqual(names.sort());
    }
  });

  test("every authenticated operation names its scope and documents 401, 403 and 429", () => {
    for (const { path, method, op } of operations) {
      if (path === "/openapi.json" || path.startsWith("/auth/")) continue;
      expect(op["x-scope"], `${method} ${path}`).toBeTruthy();
      expect(Object.keys(op.responses as object)).toEqual(expect.arrayContaining(["401", "403", "429"]));
    }
  });

  test("the authentication endpoints are in it: a generated client can get, refresh and check a token", () => {
    const token = document.paths["/auth/token"]?.post as Record<string, unknown> & {
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    };
    expect(token).toMatchObject({ operationId: "createToken", security: [], tags: ["Authentication"] });
    expect(Object.keys(token.requestBody.content["application/json"]!.schema.properties)).toEqual(
      expect.arrayContaining(["login", "password", "otp"]),
    );
    expect(token.responses["200"]?.content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/TokenResponse",
    });
    expect(Object.keys(token.responses)).toEqual(expect.arrayContaining(["401", "403", "422", "429"]));
    expect(JSON.stringify(token.responses["403"])).toContain("forbidden:email_unverified");
    const refresh = document.paths["/auth/refresh"]?.post as { operationId: string; responses: object };
    expect(refresh.operationId).toBe("refreshToken");
    expect(Object.keys(refresh.responses)).toEqual(expect.arrayContaining(["200", "401", "403", "429"]));
    const whoami = document.paths["/auth/whoami"]?.get as { security: unknown[]; responses: object };
    expect(whoami.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(Object.keys(whoami.responses)).toEqual(expect.arrayContaining(["200", "401"]));
  });

  test("request schemas are the validating zod schemas: a field's limits appear in the document", () => {
    const body = (document.paths["/conversations"]!.post as { requestBody: { content: Record<string, unknown> } })
      .requestBody.content["application/json"] as {
      schema: { properties: Record<string, unknown>; additionalProperties: boolean };
    };
    expect(body.schema.additionalProperties).toBe(false);
    expect(JSON.stringify(body.schema.properties.title)).toContain('"maxLength":200');
    const list = document.paths["/conversations"]?.get as { parameters: { name: string; schema: unknown }[] };
    expect(list.parameters.find((p) => p.name === "limit")?.schema).toMatchObject({ maximum: 100, minimum: 1 });
  });
});
