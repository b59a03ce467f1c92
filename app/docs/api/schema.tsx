type JsonSchema = Record<string, unknown>;

const REF_PREFIX = "#/components/schemas/";

/** A one-line type for a JSON Schema: `string`, `integer (1–100)`, `Message[]`, `string | null`. */
export function typeLabel(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.slice(REF_PREFIX.length);
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeLabel).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type ?? "any");
  if (type === "array") return `${typeLabel(schema.items as JsonSchema)}[]`;
  const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
  const range =
    schema.minimum !== undefined || schema.maximum !== undefined
      ? ` (${schema.minimum ?? ""}–${schema.maximum ?? ""})`
      : schema.maxLength !== undefined
        ? ` (≤ ${schema.maxLength} chars)`
        : "";
  return `${type}${format}${range}`;
}

export function TypeLink({ schema }: { schema: JsonSchema | undefined }) {
  const label = typeLabel(schema);
  const ref = typeof schema?.$ref === "string" ? schema.$ref.slice(REF_PREFIX.length) : null;
  return ref ? (
    <a className="text-sky-700 underline dark:text-sky-400" href={`#schema-${ref}`}>
      {label}
    </a>
  ) : (
    <code>{label}</code>
  );
}

/** The properties of an object schema as a table. */
export function PropertiesTable({ schema, caption }: { schema: JsonSchema; caption: string }) {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  if (Object.keys(properties).length === 0) return <p className="text-sm">{typeLabel(schema)}</p>;
  return (
    <table className="mt-2 w-full border-collapse text-left text-sm [overflow-wrap:anywhere]">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          <th scope="col" className="py-1 pr-4 font-medium">
            Field
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            Type
          </th>
          <th scope="col" className="py-1 font-medium">
            Description
          </th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(properties).map(([name, property]) => (
          <tr key={name} className="border-b border-zinc-100 align-top dark:border-zinc-900">
            <td className="py-1 pr-4 font-mono">
              {name}
              {required.has(name) ? "" : "?"}
            </td>
            <td className="py-1 pr-4 font-mono">
              <TypeLink schema={property} />
              {property.default !== undefined ? ` = ${JSON.stringify(property.default)}` : ""}
            </td>
            <td className="py-1">
              <Prose text={typeof property.description === "string" ? property.description : ""} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Text with `backticked` spans shown as code (the document's descriptions use that much Markdown). */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-zinc-100 px-1 text-[0.9em] dark:bg-zinc-800">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
