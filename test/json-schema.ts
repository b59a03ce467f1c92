// A small JSON Schema (2020-12 subset) checker, enough for the schemas zod generates, so tests can hold
// real responses against the published OpenAPI document rather than against the zod schemas it came from.

type Schema = Record<string, unknown> | boolean;

export function validateJsonSchema(
  value: unknown,
  schema: Schema,
  resolveRef: (ref: string) => Schema,
  at = "$",
): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: not allowed`];
  const errors: string[] = [];
  const check = (v: unknown, s: Schema, where: string) => validateJsonSchema(v, s, resolveRef, where);
  if (typeof schema.$ref === "string") errors.push(...check(value, resolveRef(schema.$ref), at));
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, String(t)))) {
      return [...errors, `${at}: expected ${types.join("|")}, got ${JSON.stringify(value)?.slice(0, 80)}`];
    }
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => check(value, s as Schema, at).length === 0)) {
    errors.push(`${at}: matches none of anyOf`);
  }
  if (
    Array.isArray(schema.oneOf) &&
    schema.oneOf.filter((s) => check(value, s as Schema, at).length === 0).length !== 1
  ) {
    errors.push(`${at}: does not match exactly one of oneOf`);
  }
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) errors.push(...check(value, s as Schema, at));
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) errors.push(`${at}: too short`);
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) errors.push(`${at}: too long`);
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      errors.push(`${at}: does not match ${schema.pattern.slice(0, 40)}`);
    }
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) errors.push(`${at}: below minimum`);
    if (typeof schema.maximum === "number" && value > schema.maximum) errors.push(`${at}: above maximum`);
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => {
      errors.push(...check(item, schema.items as Schema, `${at}[${i}]`));
    });
  }
  if (isObject(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in value)) errors.push(`${at}.${name}: required`);
    }
    for (const [name, v] of Object.entries(value)) {
      const property = properties[name];
      if (property !== undefined) errors.push(...check(v, property, `${at}.${name}`));
      else if (schema.additionalProperties !== undefined) {
        errors.push(...check(v, schema.additionalProperties as Schema, `${at}.${name}`));
      }
    }
  }
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return typeof value === type;
  }
}
