"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";
import { CONNECTION_KIND_LABELS, CONNECTION_KINDS } from "@/lib/db/connection-kinds";

type SubmitFn = (formData: FormData) => Promise<void>;

const inputClass =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-zinc-700 dark:bg-zinc-900";

/** "Add connection": name, kind, base URL and key; the server lists its models right away. */
export function AddConnectionForm({ action }: { action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const id = useId();
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormAlert message={view.error} />
      <FormAlert message={view.notice} tone="success" />
      <Field
        label="Name"
        name="name"
        required
        maxLength={60}
        defaultValue={view.values.name}
        error={view.fields.name}
        hint="Shown next to its models in the chat, e.g. “Ollama” or “OpenAI”."
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-kind`} className="text-sm font-medium">
          Kind
        </label>
        <select
          id={`${id}-kind`}
          name="kind"
          defaultValue={view.values.kind ?? "openai-compatible"}
          className={`${inputClass} py-2`}
        >
          {CONNECTION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {CONNECTION_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        {view.fields.kind ? <p className="text-sm text-red-600 dark:text-red-400">{view.fields.kind}</p> : null}
      </div>
      <Field
        label="Base URL"
        name="baseUrl"
        type="url"
        maxLength={500}
        defaultValue={view.values.baseUrl}
        error={view.fields.baseUrl}
        placeholder="http://127.0.0.1:11434/v1"
        hint="Empty: the provider's public endpoint. Ollama: http://host:11434/v1; vLLM and LM Studio: http://host:port/v1."
      />
      <Field
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="off"
        maxLength={2000}
        error={view.fields.apiKey}
        hint="Stored encrypted; only its last 4 characters are shown again. Empty for servers that need none."
      />
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Adding…" : "Add connection"}
      </Button>
    </form>
  );
}

/** A button whose answer is shown next to it (Test, Refresh). */
export function ConnectionCheck({
  action,
  connectionId,
  label,
  connectionName,
}: {
  action: FormActionFn;
  connectionId: string;
  label: string;
  connectionName: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const message = view.error ?? view.notice;
  return (
    <form action={formAction} className="flex min-w-0 flex-wrap items-center gap-2">
      <input type="hidden" name="connectionId" value={connectionId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`${label} ${connectionName}`}>
        {pending ? `${label}…` : label}
      </Button>
      <p
        role="status"
        className={`min-w-0 text-sm break-words ${view.error ? "text-red-700 dark:text-red-400" : "text-zinc-700 dark:text-zinc-300"}`}
      >
        {message ?? ""}
      </p>
    </form>
  );
}

export function EditConnectionForm({
  action,
  connection,
}: {
  action: FormActionFn;
  connection: { id: string; name: string; baseUrl: string | null; apiKeyHint: string | null; enabled: boolean };
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-3" noValidate>
      <FormAlert message={view.error} />
      <FormAlert message={view.notice} tone="success" />
      <input type="hidden" name="connectionId" value={connection.id} />
      <Field
        label="Name"
        name="name"
        required
        maxLength={60}
        defaultValue={view.values.name ?? connection.name}
        error={view.fields.name}
      />
      <Field
        label="Base URL"
        name="baseUrl"
        type="url"
        maxLength={500}
        defaultValue={view.values.baseUrl ?? connection.baseUrl ?? ""}
        error={view.fields.baseUrl}
      />
      <Field
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="off"
        maxLength={2000}
        error={view.fields.apiKey}
        hint={connection.apiKeyHint ? `Empty keeps the key ending in ${connection.apiKeyHint}.` : "No key stored."}
      />
      {connection.apiKeyHint ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="removeKey" /> Remove the stored key
        </label>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={connection.enabled} /> Offer this connection's models
      </label>
      <Button type="submit" disabled={pending} className="self-start">
        Save connection
      </Button>
    </form>
  );
}

export function AddModelForm({
  action,
  connectionId,
  connectionName,
}: {
  action: FormActionFn;
  connectionId: string;
  connectionName: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const id = useId();
  return (
    <form action={formAction} className="flex flex-col gap-1" noValidate>
      <input type="hidden" name="connectionId" value={connectionId} />
      <label htmlFor={`${id}-model`} className="text-sm font-medium">
        Model id <span className="sr-only">for {connectionName}</span>
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={`${id}-model`}
          name="remoteId"
          maxLength={200}
          placeholder="e.g. llama3.2:3b"
          defaultValue={view.values.remoteId}
          aria-invalid={view.fields.remoteId ? true : undefined}
          aria-describedby={`${id}-model-msg`}
          className={`${inputClass} min-w-0 flex-1 py-2`}
        />
        <Button type="submit" variant="secondary" disabled={pending}>
          Add model
        </Button>
      </div>
      <p
        id={`${id}-model-msg`}
        role="status"
        className={`text-sm ${view.fields.remoteId || view.error ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
      >
        {view.fields.remoteId ?? view.error ?? view.notice ?? "For servers that cannot list their models."}
      </p>
    </form>
  );
}

export interface ModelRowView {
  id: string;
  remoteId: string;
  modelId: string;
  label: string;
  enabled: boolean;
  vision: boolean;
  tools: boolean;
  reasoning: boolean;
  reasoningEffort: boolean;
  contextWindow: number | null;
}

const CAPABILITIES = [
  ["vision", "Vision"],
  ["tools", "Tools"],
  ["reasoning", "Reasoning"],
  ["reasoningEffort", "Effort"],
] as const satisfies readonly (readonly [keyof ModelRowView, string])[];

function MoveButton({
  move,
  modelId,
  direction,
  disabled,
}: {
  move: SubmitFn;
  modelId: string;
  direction: "up" | "down";
  disabled: boolean;
}) {
  return (
    <Button
      type="submit"
      variant="ghost"
      formAction={move}
      name="direction"
      value={direction}
      disabled={disabled}
      aria-label={`Move ${modelId} ${direction}`}
    >
      {direction === "up" ? "↑" : "↓"}
    </Button>
  );
}

/** One model: shown or not, its label, capabilities and window; moved and removed by the same row. */
export function ModelRowForm({
  action,
  move,
  remove,
  model,
  first,
  last,
}: {
  action: FormActionFn;
  move: SubmitFn;
  remove: SubmitFn;
  model: ModelRowView;
  first: boolean;
  last: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const id = useId();
  const message = view.fields.label ?? view.fields.contextWindow ?? view.error;
  return (
    <form action={formAction} className="flex flex-col gap-2 py-3" noValidate aria-label={`Model ${model.modelId}`}>
      <input type="hidden" name="modelRowId" value={model.id} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="enabled" defaultChecked={model.enabled} />
          <span className="sr-only">Enabled: </span>
          <code className="font-mono text-xs break-all">{model.modelId}</code>
        </label>
        {model.modelId !== model.remoteId ? (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">(server id {model.remoteId})</span>
        ) : null}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex min-w-40 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-label`} className="text-xs text-zinc-600 dark:text-zinc-400">
            Label
          </label>
          <input
            id={`${id}-label`}
            name="label"
            maxLength={100}
            defaultValue={view.values.label ?? model.label}
            className={inputClass}
          />
        </div>
        <div className="flex w-32 flex-col gap-1">
          <label htmlFor={`${id}-ctx`} className="text-xs text-zinc-600 dark:text-zinc-400">
            Context (tokens)
          </label>
          <input
            id={`${id}-ctx`}
            name="contextWindow"
            inputMode="numeric"
            defaultValue={view.values.contextWindow ?? model.contextWindow?.toString() ?? ""}
            placeholder="unknown"
            className={inputClass}
          />
        </div>
        <fieldset className="flex items-center gap-3 pb-1.5 text-sm">
          <legend className="sr-only">Capabilities of {model.modelId}</legend>
          {CAPABILITIES.map(([name, label]) => (
            <label key={name} className="flex items-center gap-1">
              <input type="checkbox" name={name} defaultChecked={model[name]} /> {label}
            </label>
          ))}
        </fieldset>
        <div className="flex flex-wrap items-center gap-1">
          <Button type="submit" variant="secondary" disabled={pending} aria-label={`Save ${model.modelId}`}>
            Save
          </Button>
          <MoveButton move={move} modelId={model.modelId} direction="up" disabled={first} />
          <MoveButton move={move} modelId={model.modelId} direction="down" disabled={last} />
          <Button type="submit" variant="ghost" formAction={remove} aria-label={`Remove ${model.modelId}`}>
            Remove
          </Button>
        </div>
      </div>
      <p
        role="status"
        className={`text-sm ${message ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
      >
        {message ?? view.notice ?? ""}
      </p>
    </form>
  );
}

export function DefaultModelForm({
  action,
  models,
  current,
}: {
  action: FormActionFn;
  models: { id: string; label: string; connection: string }[];
  current: string | null;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const id = useId();
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-2" noValidate>
      <label htmlFor={`${id}-default`} className="text-sm font-medium">
        Default model
      </label>
      <div className="flex flex-wrap gap-2">
        <select
          id={`${id}-default`}
          name="modelId"
          defaultValue={current ?? ""}
          className={`${inputClass} min-w-0 flex-1 py-2`}
        >
          <option value="">The first listed</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label} · {m.connection}
            </option>
          ))}
        </select>
        <Button type="submit" disabled={pending}>
          Save default
        </Button>
      </div>
      <p
        role="status"
        className={`text-sm ${view.fields.modelId || view.error ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
      >
        {view.fields.modelId ??
          view.error ??
          view.notice ??
          "New chats start with it; so do conversations whose model is gone."}
      </p>
    </form>
  );
}
