import { describe, expect, test } from "vitest";
import { exampleFor } from "./examples";
import { buildOpenApiDocument } from "./openapi";
import { type RouteSpec, routes } from "./routes";

// The reference's examples come from the OpenAPI document; here each one is checked against the zod schema
// the API validates with, so a published example is always one the API accepts (or could answer).

const document = buildOpenApiDocument();
const components = document.components.schemas as Record<string, Record<string, unknown>>;
type Operation = {
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
const operation = (spec: RouteSpec) =>
  (document.paths as Record<string, Record<string, Operation>>)[spec.path]![spec.method.toLowerCase()]!;

const withBody = (Object.entries(routes) as [string, RouteSpec][]).filter(([, spec]) => spec.body);
const withResult = (Object.entries(routes) as [string, RouteSpec][]).filter(([, spec]) => spec.success.schema);

describe("request examples are accepted by the request schema", () => {
  test.each(withBody)("%s", (_id, spec) => {
    const schema = operation(spec).requestBody!.content["application/json"]!.schema;
    const example = exampleFor(schema, { components, io: "request" });
    expect(spec.body!.safeParse(example).error).toBeUndefined();
  });
});

describe("response examples match the response schema", () => {
  test.each(withResult)("%s", (_id, spec) => {
    const schema = operation(spec).responses[String(spec.success.status)]!.content!["application/json"]!.schema;
    const example = exampleFor(schema, { components, io: "response" });
    expect(spec.success.schema!.safeParse(example).error).toBeUndefined();
  });
});

test("a message example reads like a message, not like a type", () => {
  const example = exampleFor({ $ref: "#/components/schemas/Message" }, { components, io: "response" });
  expect(example).toMatchObject({ object: "message", role: "assistant", parts: [{ type: "text" }] });
  expect(JSON.stringify(example)).not.toContain('"string"');
});

test("a request example leaves out optional fields without an example", () => {
  const schema = operation(routes.postConversationMessage).requestBody!.content["application/json"]!.schema;
  expect(exampleFor(schema, { components, io: "request" })).toEqual({ content: "Plan three days in Lisbon for me." });
});
