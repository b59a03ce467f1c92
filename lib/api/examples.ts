// Example values for the API reference, generated from the OpenAPI document's JSON Schemas (which come from
// the validating zod schemas), so an example cannot show a field the API does not take.

type JsonSchema = Record<string, unknown>;

const REF_PREFIX = "#/components/schemas/";
const SAMPLE_UUID = "7d3f2a9e-5b1c-4e8a-9f60-2c4d8e1a7b35";
const SAMPLE_TIME = "2026-11-27T09:30:00.000Z";

export interface ExampleOptions {
  components: Record<string, JsonSchema>;
  /** Requests show required fields and the optional ones with a documented example; responses show all. */
  io: "request" | "response";
}

export function exampleFor(schema: JsonSchema, options: ExampleOptions, depth = 0): unknown {
  if (depth > 8) return null;
  if (typeof schema.$ref === "string") {
    const target = options.components[schema.$ref.slice(REF_PREFIX.length)];
    return target ? exampleFor(target, options, depth + 1) : null;
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined && options.io === "request") return schema.default;
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const nonNull = branches.find((b) => b.type !== "null") ?? branches[0];
    return nonNull ? exampleFor(nonNull, options, depth + 1) : null;
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object":
      return objectExample(schema, options, depth);
    case "array":
      return schema.items ? [exampleFor(schema.items as JsonSchema, options, depth + 1)] : [];
    case "string":
      return stringExample(schema);
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return typeof schema.default === "boolean" ? schema.default : false;
    case "null":
      return null;
    default:
      return typeof schema.properties === "object" ? objectExample(schema, options, depth) : null;
  }
}

function objectExample(schema: JsonSchema, options: ExampleOptions, depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const shown =
      options.io === "response" || required.has(name) || (Array.isArray(property.examples) && !("default" in property));
    if (!shown) continue;
    const isId = (name === "id" || name.endsWith("_id")) && !Array.isArray(property.examples);
    out[name] = isId ? sampleId(name) : exampleFor(property, options, depth + 1);
  }
  return out;
}

/** A different, stable UUID-shaped id per field name, so an example's ids are told apart. */
function sampleId(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hex = hash.toString(16).padStart(8, "0");
  return `${hex}${SAMPLE_UUID.slice(8)}`;
}

function stringExample(schema: JsonSchema): string {
  switch (schema.format) {
    case "uuid":
      return SAMPLE_UUID;
    case "date-time":
      return SAMPLE_TIME;
    case "email":
      return "ada@example.com";
    default:
      return "string";
  }
}
