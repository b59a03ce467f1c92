import type { Metadata } from "next";
import { CodeBlock } from "@/components/docs/code-block";
import { buildOpenApiDocument, ERROR_DESCRIPTIONS } from "@/lib/api/openapi";
import { buildReference, type ReferenceEndpoint } from "@/lib/api/reference";
import { appOrigin } from "@/lib/auth/request-info";
import { SCOPE_DESCRIPTIONS } from "@/lib/auth/scopes";
import { GettingStarted } from "./getting-started";
import { OpenAiCompatible } from "./openai-compatible";
import { PropertiesTable, Prose, TypeLink } from "./schema";

export const metadata: Metadata = { title: "REST API reference" };

const METHOD_COLOURS: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  POST: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  PATCH: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  PUT: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  DELETE: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
};

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const pretty = (value: unknown) => JSON.stringify(value, null, 2);

const TOKEN_RESPONSE = {
  access_token: "at_eyJzdWIiOi…",
  token_type: "Bearer",
  expires_in: 900,
  refresh_token: "rt_q0Vx…",
};

/** A tag's section, apart from the guides' ids ("Authentication" and "OpenAI-compatible" are both). */
const groupId = (tag: string) => `endpoints-${slug(tag)}`;

/** Public: the reference is rendered from the same OpenAPI document the API serves. */
export default async function ApiDocsPage() {
  const document = buildOpenApiDocument();
  const groups = buildReference(document);
  const origin = appOrigin();
  const prefix = document.servers[0]?.url ?? "";
  const guides = [
    ["getting-started", "Getting started"],
    ["authentication", "Authentication"],
    ["errors", "Errors and paging"],
    ["openai-compatible", "OpenAI-compatible"],
  ] as const;
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
      <aside className="hidden lg:block">
        <nav aria-label="Endpoints" className="sticky top-4 max-h-[calc(100dvh-2rem)] overflow-y-auto pb-8 text-sm">
          <ul className="space-y-1">
            {guides.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`} className="font-medium hover:underline">
                  {label}
                </a>
              </li>
            ))}
          </ul>
          {groups.map((group) => (
            <div key={group.tag} className="mt-5">
              <a href={`#${groupId(group.tag)}`} className="font-semibold hover:underline">
                {group.tag}
              </a>
              <ul className="mt-1 space-y-0.5">
                {group.endpoints.map((e) => (
                  <li key={e.id}>
                    <a
                      href={`#${e.id}`}
                      className="flex min-h-6 items-center gap-2 rounded px-1 py-0.5 font-mono text-xs hover:bg-zinc-100 dark:hover:bg-zinc-900"
                    >
                      <span className="w-11 shrink-0 font-semibold text-zinc-600 dark:text-zinc-400">{e.method}</span>{" "}
                      <span className="truncate">{e.path.slice(prefix.length)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      </aside>
      <main className="min-w-0">
        <h1 className="text-3xl font-semibold tracking-tight">{document.info.title}</h1>
        <p className="mt-3 max-w-3xl text-zinc-700 dark:text-zinc-300">
          <Prose text={document.info.description} />
        </p>
        <p className="mt-2 text-sm">
          Machine-readable:{" "}
          <a className="text-sky-700 underline dark:text-sky-400" href={`${prefix}/openapi.json`}>
            {prefix}/openapi.json
          </a>{" "}
          (OpenAPI {document.openapi}).
        </p>
        <nav aria-label="Sections" className="mt-4 flex flex-wrap gap-2 text-sm lg:hidden">
          {[...guides, ...groups.map((g) => [groupId(g.tag), g.tag] as const)].map(([id, label]) => (
            <a
              key={id}
              href={`#${id}`}
              className="rounded-full border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
            >
              {label}
            </a>
          ))}
        </nav>
        <div className="mt-10 space-y-14">
          <GettingStarted origin={origin} />
          <Authentication />
          <Errors />
          <OpenAiCompatible origin={origin} />
          {groups.map((group) => (
            <section key={group.tag} id={groupId(group.tag)} aria-label={`${group.tag} endpoints`}>
              <h2 id={`${groupId(group.tag)}-title`} className="text-xl font-semibold tracking-tight">
                {group.tag}
              </h2>
              {group.endpoints.map((endpoint) => (
                <Endpoint key={endpoint.id} endpoint={endpoint} />
              ))}
            </section>
          ))}
          <section aria-labelledby="schemas-title">
            <h2 id="schemas-title" className="text-xl font-semibold tracking-tight">
              Schemas
            </h2>
            {Object.entries(document.components.schemas).map(([name, schema]) => (
              <section key={name} id={`schema-${name}`} aria-labelledby={`schema-${name}-title`} className="mt-6">
                <h3 id={`schema-${name}-title`} className="font-mono font-semibold">
                  {name}
                </h3>
                <PropertiesTable caption={name} schema={schema} />
              </section>
            ))}
          </section>
        </div>
      </main>
    </div>
  );
}

function Endpoint({ endpoint: e }: { endpoint: ReferenceEndpoint }) {
  const parameters = e.parameters;
  return (
    <section
      id={e.id}
      aria-labelledby={`${e.id}-title`}
      className="mt-8 scroll-mt-4 border-t border-zinc-200 pt-6 dark:border-zinc-800"
    >
      <h3 id={`${e.id}-title`} className="flex flex-wrap items-center gap-2 font-mono text-base break-all">
        <span className={`rounded px-2 py-0.5 text-xs font-bold ${METHOD_COLOURS[e.method] ?? ""}`}>{e.method}</span>
        {e.path}
      </h3>
      <p className="mt-2 font-medium">
        <Prose text={e.summary} />
      </p>
      {e.description ? (
        <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
          <Prose text={e.description} />
        </p>
      ) : null}
      <p className="mt-2 text-sm">
        Scope: <code>{e.scope ?? "none (public)"}</code>
      </p>
      <div className="mt-3 grid gap-6 xl:grid-cols-2">
        <div className="min-w-0">
          {parameters.length ? (
            <PropertiesTable
              caption="Parameters"
              schema={{
                properties: Object.fromEntries(
                  parameters.map((p) => [
                    `${p.name} (${p.in})`,
                    { ...p.schema, ...(p.description ? { description: p.description } : {}) },
                  ]),
                ),
                required: parameters.filter((p) => p.required).map((p) => `${p.name} (${p.in})`),
              }}
            />
          ) : null}
          {e.requestSchema ? (
            <>
              <h4 className="mt-4 text-sm font-semibold">JSON body</h4>
              <PropertiesTable caption="Body" schema={e.requestSchema} />
            </>
          ) : null}
          <h4 className="mt-4 text-sm font-semibold">Errors</h4>
          <ul aria-label="Errors" className="mt-1 space-y-1 text-sm">
            {e.errors.length === 0 ? <li>None beyond a server error.</li> : null}
            {e.errors.map((error) => (
              <li key={error.status}>
                <span className="font-mono font-semibold">{error.status}</span> <Prose text={error.description} />
              </li>
            ))}
          </ul>
        </div>
        <div className="min-w-0">
          <CodeBlock code={e.curl} label={`Example request: ${e.method} ${e.path}`} />
          <p className="mt-3 text-sm">
            <span className="font-mono font-semibold">{e.successStatus}</span> <Prose text={e.successDescription} />
            {e.responseSchema ? (
              <>
                {" "}
                <TypeLink schema={e.responseSchema} />
              </>
            ) : null}
            {e.streams ? " Or an event stream." : ""}
          </p>
          {e.responseExample !== undefined ? (
            <CodeBlock code={pretty(e.responseExample)} label={`Example response: ${e.method} ${e.path}`} />
          ) : null}
        </div>
      </div>
    </section>
  );
}

function Authentication() {
  return (
    <section id="authentication" aria-labelledby="authentication-title" className="scroll-mt-6">
      <h2 id="authentication-title" className="text-xl font-semibold tracking-tight">
        Authentication
      </h2>
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        Send <code>Authorization: Bearer &lt;credential&gt;</code>. The credential is an API key (<code>pk_…</code>,
        created in Settings → API keys with the scopes below) or a 15-minute access token (<code>at_…</code>, which
        carries every scope) from the token endpoint. Refresh tokens rotate: each one works once.
      </p>
      <table className="mt-3 w-full border-collapse text-left text-sm [overflow-wrap:anywhere]">
        <caption className="sr-only">Scopes</caption>
        <thead>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th scope="col" className="py-1 pr-4 font-medium">
              Scope
            </th>
            <th scope="col" className="py-1 font-medium">
              Allows
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(SCOPE_DESCRIPTIONS).map(([scope, what]) => (
            <tr key={scope} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-1 pr-4 font-mono">{scope}</td>
              <td className="py-1">{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold">POST /api/v1/auth/token</h3>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
            <code>email</code>, <code>username</code> or <code>login</code>, and <code>password</code>. Wrong
            credentials: 401; too many attempts: 429 with <code>Retry-After</code>. For an account with two-factor
            authentication also <code>otp</code>: the code from the authenticator app (or a recovery code, used up).
            Without it: 401 <code>unauthorized:otp_required</code>; a wrong or already used code: 401{" "}
            <code>unauthorized:otp</code>. A code works once. An account that an administrator requires to set up
            two-factor authentication first gets 403 <code>forbidden:two_factor_setup</code>. API keys are not affected.
            An account still waiting for an administrator&apos;s approval: 403 <code>forbidden:pending_approval</code>.
          </p>
          <CodeBlock
            label="Example request: POST /api/v1/auth/token"
            code={`curl -X POST "$PARLEY_URL/api/v1/auth/token" \\\n  -H "Content-Type: application/json" \\\n  -d '{"email":"ada@example.com","password":"your password"}'`}
          />
          <CodeBlock
            label="Example request with two-factor authentication: POST /api/v1/auth/token"
            code={`curl -X POST "$PARLEY_URL/api/v1/auth/token" \\\n  -H "Content-Type: application/json" \\\n  -d '{"email":"ada@example.com","password":"your password","otp":"492039"}'`}
          />
        </div>
        <div className="min-w-0">
          <h3 className="text-sm font-semibold">POST /api/v1/auth/refresh</h3>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
            <code>refresh_token</code> → a new pair. Reusing a spent refresh token revokes the whole family.
          </p>
          <CodeBlock
            label="Example request: POST /api/v1/auth/refresh"
            code={`curl -X POST "$PARLEY_URL/api/v1/auth/refresh" \\\n  -H "Content-Type: application/json" \\\n  -d '{"refresh_token":"rt_q0Vx…"}'`}
          />
        </div>
      </div>
      <p className="mt-3 text-sm">Both answer (OAuth 2 names):</p>
      <CodeBlock label="Example response: token endpoints" code={pretty(TOKEN_RESPONSE)} />
    </section>
  );
}

function Errors() {
  return (
    <section id="errors" aria-labelledby="errors-title" className="scroll-mt-6">
      <h2 id="errors-title" className="text-xl font-semibold tracking-tight">
        Errors and paging
      </h2>
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        Every error, on every path under <code>/api/v1</code> (also unknown ones), has one shape:
      </p>
      <CodeBlock
        label="Example error"
        code={pretty({
          error: {
            code: "validation",
            message: "content: Too small: expected string to have >=1 characters",
            fields: [{ field: "content", message: "Too small: expected string to have >=1 characters" }],
          },
        })}
      />
      <ul className="mt-3 space-y-1 text-sm">
        {Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => (
          <li key={status}>
            <span className="font-mono font-semibold">{status}</span> <Prose text={description} />
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
        Lists answer <code>{'{ object: "list", data, has_more, next_cursor }'}</code>: pass <code>next_cursor</code>{" "}
        back as <code>cursor</code> until it is <code>null</code>. <code>limit</code> is 1 to 100 (50 by default).
      </p>
    </section>
  );
}
