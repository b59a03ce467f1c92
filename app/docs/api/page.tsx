import type { Metadata } from "next";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { PropertiesTable, Prose, TypeLink } from "./schema";

export const metadata: Metadata = { title: "REST API reference" };

type JsonSchema = Record<string, unknown>;
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  "x-scope"?: string;
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  patch: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  delete: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
};

/** Public: the reference is rendered from the same OpenAPI document the API serves. */
export default function ApiDocsPage() {
  const document = buildOpenApiDocument();
  const prefix = document.servers[0]?.url ?? "";
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })),
  );
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">{document.info.title}</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">
        <Prose text={document.info.description} />
      </p>
      <p className="mt-2 text-sm">
        Machine-readable:{" "}
        <a className="text-sky-700 underline dark:text-sky-400" href={`${prefix}/openapi.json`}>
          {prefix}/openapi.json
        </a>{" "}
        (OpenAPI {document.openapi}).
      </p>
      <nav aria-label="Endpoints" className="mt-6">
        <ul className="space-y-1 text-sm">
          {operations.map(({ path, method, op }) => (
            <li key={op.operationId}>
              <a href={`#${op.operationId}`} className="font-mono hover:underline">
                {method.toUpperCase()} {prefix}
                {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, op }) => (
        <section
          key={op.operationId}
          id={op.operationId}
          aria-labelledby={`${op.operationId}-title`}
          className="mt-10 border-t border-zinc-200 pt-6 dark:border-zinc-800"
        >
          <h2 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2 font-mono text-base">
            <span className={`rounded px-2 py-0.5 text-xs font-bold ${METHOD_COLOURS[method] ?? ""}`}>
              {method.toUpperCase()}
            </span>
            {prefix}
            {path}
          </h2>
          <p className="mt-2">
            <Prose text={op.summary} />
          </p>
          {op.description ? (
            <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
              <Prose text={op.description} />
            </p>
          ) : null}
          <p className="mt-2 text-sm">
            Scope: <code>{op["x-scope"] ?? "none (public)"}</code>
          </p>
          {op.parameters?.length ? (
            <PropertiesTable
              caption="Parameters"
              schema={{
                properties: Object.fromEntries(
                  op.parameters.map((p) => [
                    `${p.name} (${p.in})`,
                    { ...p.schema, ...(p.description ? { description: p.description } : {}) },
                  ]),
                ),
                required: op.parameters.filter((p) => p.required).map((p) => `${p.name} (${p.in})`),
              }}
            />
          ) : null}
          {op.requestBody ? (
            <>
              <h3 className="mt-4 text-sm font-semibold">JSON body</h3>
              <PropertiesTable caption="Body" schema={op.requestBody.content["application/json"]?.schema ?? {}} />
            </>
          ) : null}
          <h3 className="mt-4 text-sm font-semibold">Responses</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {Object.entries(op.responses).map(([status, response]) => (
              <li key={status}>
                <span className="font-mono font-semibold">{status}</span> <Prose text={response.description} />{" "}
                {response.content?.["application/json"] ? (
                  <TypeLink schema={response.content["application/json"].schema} />
                ) : null}
                {response.content?.["text/event-stream"] ? " or an event stream" : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2 className="mt-12 border-t border-zinc-200 pt-6 text-xl font-semibold dark:border-zinc-800">Schemas</h2>
      {Object.entries(document.components.schemas).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`} aria-labelledby={`schema-${name}-title`} className="mt-6">
          <h3 id={`schema-${name}-title`} className="font-mono font-semibold">
            {name}
          </h3>
          <PropertiesTable caption={name} schema={schema} />
        </section>
      ))}
    </main>
  );
}
