"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

/** "Add server": name, URL and an optional bearer token; the server's tools are listed right away. */
export function AddToolServerForm({ action, stdioAllowed }: { action: FormActionFn; stdioAllowed: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
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
        hint="Shown on tool cards, e.g. “GitHub” or “Wiki search”."
      />
      <Field
        label="URL"
        name="url"
        required
        maxLength={1000}
        defaultValue={view.values.url}
        error={view.fields.url}
        placeholder="https://mcp.example.com/mcp"
        hint={
          stdioAllowed
            ? "The server's Streamable HTTP (or older SSE) endpoint, or a command line to run on this host over stdio."
            : "The server's Streamable HTTP endpoint; older SSE servers are found there too."
        }
      />
      <Field
        label="Bearer token"
        name="token"
        type="password"
        autoComplete="off"
        maxLength={4000}
        error={view.fields.token}
        hint="Optional. Stored encrypted; only its last 4 characters are shown again."
      />
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Adding…" : "Add server"}
      </Button>
    </form>
  );
}

/** "Refresh", with the answer beside it. */
export function RefreshToolServer({
  action,
  serverId,
  serverName,
}: {
  action: FormActionFn;
  serverId: string;
  serverName: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const message = view.error ?? view.notice;
  return (
    <form action={formAction} className="flex min-w-0 flex-wrap items-center gap-2">
      <input type="hidden" name="serverId" value={serverId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Refresh ${serverName}`}>
        {pending ? "Refresh…" : "Refresh"}
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

interface ServerSettings {
  id: string;
  name: string;
  url: string;
  tokenHint: string | null;
  enabled: boolean;
  askBeforeRunning: boolean;
  allowedRoles: string[] | null;
}

export function EditToolServerForm({
  action,
  server,
  roles,
}: {
  action: FormActionFn;
  server: ServerSettings;
  roles: { id: string; name: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-3" noValidate>
      <FormAlert message={view.error} />
      <FormAlert message={view.notice} tone="success" />
      <input type="hidden" name="serverId" value={server.id} />
      <Field
        label="URL"
        name="url"
        required
        maxLength={1000}
        defaultValue={view.values.url ?? server.url}
        error={view.fields.url}
      />
      <Field
        label="Bearer token"
        name="token"
        type="password"
        autoComplete="off"
        maxLength={4000}
        error={view.fields.token}
        hint={server.tokenHint ? `Empty keeps the token ending in ${server.tokenHint}.` : "No token stored."}
      />
      {server.tokenHint ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="removeToken" /> Remove the stored token
        </label>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={server.enabled} /> Offer this server's tools
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="askBeforeRunning" defaultChecked={server.askBeforeRunning} /> Ask before running
        (every tool of this server)
      </label>
      <fieldset className="flex flex-col gap-1 text-sm">
        <legend className="font-medium">Roles that may use it</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="allRoles" defaultChecked={server.allowedRoles === null} /> Every role
        </label>
        {roles.map((role) => (
          <label key={role.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              name="roleIds"
              value={role.id}
              defaultChecked={server.allowedRoles?.includes(role.id) ?? false}
            />{" "}
            {role.name}
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={pending} className="self-start">
        Save server
      </Button>
    </form>
  );
}

/** One listed tool: its switches ("Offer", "Ask before running"), saved with the row's button. */
export function ToolRowForm({
  action,
  serverId,
  tool,
}: {
  action: FormActionFn;
  serverId: string;
  tool: { id: string; name: string; description: string; enabled: boolean; askBeforeRunning: boolean };
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  return (
    <form action={formAction} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:gap-4">
      <input type="hidden" name="serverId" value={serverId} />
      <input type="hidden" name="toolId" value={tool.id} />
      <div className="min-w-0 flex-1">
        <p className="font-mono text-sm font-medium break-all">{tool.name}</p>
        <p className="text-sm break-words text-zinc-600 dark:text-zinc-400">{tool.description || "No description."}</p>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" name="enabled" defaultChecked={tool.enabled} aria-label={`Offer ${tool.name}`} /> Offer
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            name="askBeforeRunning"
            defaultChecked={tool.askBeforeRunning}
            aria-label={`Ask before running ${tool.name}`}
          />{" "}
          Ask first
        </label>
        <Button type="submit" variant="secondary" disabled={pending} aria-label={`Save ${tool.name}`}>
          Save
        </Button>
        {view.error ? <span className="text-red-700 dark:text-red-400">{view.error}</span> : null}
        {view.notice ? <span role="status">{view.notice}</span> : null}
      </div>
    </form>
  );
}
