import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import {
  AddConnectionForm,
  AddModelForm,
  ConnectionCheck,
  DefaultModelForm,
  EditConnectionForm,
  ModelRowForm,
} from "@/components/admin/model-forms";
import { Button } from "@/components/ui/button";
import { baseUrlOf } from "@/lib/ai/discovery";
import { OFFLINE_HINT } from "@/lib/ai/offline-model";
import { ENV_CONNECTION_NAME, listModels } from "@/lib/ai/providers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { CONNECTION_KIND_LABELS } from "@/lib/db/connection-kinds";
import { getDefaultModelSetting, listConnections } from "@/lib/db/connections";
import { env } from "@/lib/env";
import {
  addConnectionAction,
  addModelAction,
  editConnectionAction,
  editModelAction,
  moveModelAction,
  refreshConnectionAction,
  removeConnectionAction,
  removeModelAction,
  setDefaultModelAction,
  testConnectionAction,
} from "./actions";

export const metadata: Metadata = { title: "Models · Admin" };

const muted = "text-sm text-zinc-600 dark:text-zinc-400";

export default async function AdminModelsPage() {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin/models");
  if (!admin.isSuperuser) notFound();
  const [models, connections, defaultModel] = await Promise.all([
    listModels(),
    listConnections(),
    getDefaultModelSetting(),
  ]);
  const config = env();
  const envModels = models.filter((m) => m.connection === ENV_CONNECTION_NAME);
  const onlyOffline = models.every((m) => m.offline);
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-10 p-4 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Models</h1>
        <Link href="/admin" className="text-sm underline">
          Back to admin
        </Link>
      </div>

      {onlyOffline ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {OFFLINE_HINT}
        </p>
      ) : null}

      <section className="flex flex-col gap-4" aria-labelledby="default-heading">
        <h2 id="default-heading" className="text-lg font-semibold">
          Default
        </h2>
        <DefaultModelForm action={setDefaultModelAction} models={models} current={defaultModel} />
      </section>

      <section className="flex flex-col gap-6" aria-labelledby="connections-heading">
        <h2 id="connections-heading" className="text-lg font-semibold">
          Connections ({connections.length + (envModels.length ? 1 : 0)})
        </h2>

        {envModels.length ? (
          <article
            className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
            aria-label={`Connection ${ENV_CONNECTION_NAME}`}
          >
            <h3 className="font-semibold">
              {ENV_CONNECTION_NAME} <span className="font-normal text-zinc-600 dark:text-zinc-400">· read-only</span>
            </h3>
            <p className={muted}>
              Set by the server's environment (OPENAI_BASE_URL, OPENAI_API_KEY, PARLEY_MODELS):{" "}
              <code className="break-all">
                {baseUrlOf({ kind: "openai-compatible", baseUrl: config.OPENAI_BASE_URL ?? null })}
              </code>
              {config.OPENAI_API_KEY ? ` with a key ending in ${config.OPENAI_API_KEY.slice(-4)}` : ""}. Change it there
              and restart.
            </p>
            <ul className="flex flex-wrap gap-2 text-sm">
              {envModels.map((m) => (
                <li key={m.id} className="rounded-full bg-zinc-100 px-3 py-1 dark:bg-zinc-800">
                  {m.label} <code className="text-xs text-zinc-600 dark:text-zinc-400">{m.id}</code>
                </li>
              ))}
            </ul>
          </article>
        ) : null}

        {connections.map((connection) => (
          <article
            key={connection.id}
            className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
            aria-label={`Connection ${connection.name}`}
          >
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <h3 className="font-semibold">
                  {connection.name}
                  {connection.enabled ? null : (
                    <span className="font-normal text-zinc-600 dark:text-zinc-400"> · off</span>
                  )}
                </h3>
                <p className={`${muted} break-all`}>
                  {CONNECTION_KIND_LABELS[connection.kind].split(" (")[0]} · {baseUrlOf(connection)}
                  {connection.apiKeyHint ? ` · key …${connection.apiKeyHint}` : " · no key"}
                </p>
              </div>
              <form action={removeConnectionAction}>
                <input type="hidden" name="connectionId" value={connection.id} />
                <Button type="submit" variant="danger" aria-label={`Remove connection ${connection.name}`}>
                  Remove
                </Button>
              </form>
            </div>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              <ConnectionCheck
                action={testConnectionAction}
                connectionId={connection.id}
                connectionName={connection.name}
                label="Test"
              />
              <ConnectionCheck
                action={refreshConnectionAction}
                connectionId={connection.id}
                connectionName={connection.name}
                label="Refresh"
              />
            </div>
            <details className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <summary className="cursor-pointer text-sm font-medium">Edit connection</summary>
              <div className="pt-3">
                <EditConnectionForm action={editConnectionAction} connection={connection} />
              </div>
            </details>
            <h4 className="text-sm font-semibold">Models ({connection.models.length})</h4>
            {connection.models.length === 0 ? (
              <p className={muted}>None listed yet: Refresh, or add a model id below.</p>
            ) : null}
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {connection.models.map((model, index) => (
                <li key={model.id}>
                  <ModelRowForm
                    action={editModelAction}
                    move={moveModelAction}
                    remove={removeModelAction}
                    model={model}
                    first={index === 0}
                    last={index === connection.models.length - 1}
                  />
                </li>
              ))}
            </ul>
            <AddModelForm action={addModelAction} connectionId={connection.id} connectionName={connection.name} />
          </article>
        ))}
      </section>

      <section className="flex flex-col gap-4" aria-labelledby="add-connection-heading">
        <h2 id="add-connection-heading" className="text-lg font-semibold">
          Add a connection
        </h2>
        <p className={muted}>
          Any OpenAI-compatible server, or Anthropic and Google Gemini directly. Its models are listed at once; each
          keeps the id the server gives it, unless another connection already uses that id (then it becomes “connection
          name/id”).
        </p>
        <AddConnectionForm action={addConnectionAction} />
      </section>
    </main>
  );
}
