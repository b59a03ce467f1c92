import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import {
  AddToolServerForm,
  EditToolServerForm,
  RefreshToolServer,
  ToolRowForm,
} from "@/components/admin/tool-server-forms";
import { Button } from "@/components/ui/button";
import { MAX_MCP_TOOLS } from "@/lib/ai/mcp/limits";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listMcpServers, type McpServerRow } from "@/lib/db/mcp-servers";
import { listRoles } from "@/lib/db/roles";
import { env } from "@/lib/env";
import {
  addMcpServerAction,
  editMcpServerAction,
  editMcpToolAction,
  refreshMcpServerAction,
  removeMcpServerAction,
} from "./actions";

export const metadata: Metadata = { title: "Tools · Admin" };

const muted = "text-sm text-zinc-600 dark:text-zinc-400";

function Status({ server }: { server: McpServerRow }) {
  if (server.status === "connected") {
    return <span className="text-sm text-emerald-700 dark:text-emerald-400">Status: connected</span>;
  }
  if (server.status === "failing") {
    return (
      <span className="text-sm break-words text-red-700 dark:text-red-400">
        Status: failing — {server.statusReason ?? "no reason given"}
      </span>
    );
  }
  return <span className={muted}>Status: not checked yet</span>;
}

export default async function AdminToolsPage() {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin/tools");
  if (!admin.isSuperuser) notFound();
  const [servers, roles] = await Promise.all([listMcpServers(), listRoles()]);
  const stdioAllowed = env().PARLEY_MCP_STDIO;
  const roleName = new Map(roles.map((r) => [r.id, r.name]));
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-10 p-4 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Tools</h1>
        <Link href="/admin" className="text-sm underline">
          Back to admin
        </Link>
      </div>
      <p className={muted}>
        Model Context Protocol servers whose tools the model may call, besides the built-in calculator, clock and
        conversation search. A reply is offered at most {MAX_MCP_TOOLS} of these tools: servers in the order they were
        added, each server's tools by name, switched-off tools and servers left out.
      </p>

      <section className="flex flex-col gap-6" aria-labelledby="servers-heading">
        <h2 id="servers-heading" className="text-lg font-semibold">
          Servers ({servers.length})
        </h2>
        {servers.length === 0 ? <p className={muted}>None yet: add one below.</p> : null}
        {servers.map((server) => (
          <article
            key={server.id}
            className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
            aria-label={`Server ${server.name}`}
          >
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="flex min-w-0 flex-col gap-1">
                <h3 className="font-semibold">
                  {server.name}
                  {server.enabled ? null : <span className="font-normal text-zinc-600 dark:text-zinc-400"> · off</span>}
                </h3>
                <p className={`${muted} break-all`}>
                  {server.transport === "stdio" ? "Command (stdio)" : "HTTP"} · {server.url}
                  {server.tokenHint ? ` · token …${server.tokenHint}` : " · no token"}
                  {server.askBeforeRunning ? " · ask before running" : ""}
                  {" · roles: "}
                  {server.allowedRoles === null
                    ? "every role"
                    : server.allowedRoles.map((id) => roleName.get(id) ?? "removed role").join(", ") || "none"}
                </p>
                <Status server={server} />
              </div>
              <form action={removeMcpServerAction}>
                <input type="hidden" name="serverId" value={server.id} />
                <Button type="submit" variant="danger" aria-label={`Remove server ${server.name}`}>
                  Remove
                </Button>
              </form>
            </div>
            <RefreshToolServer action={refreshMcpServerAction} serverId={server.id} serverName={server.name} />
            <details className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <summary className="cursor-pointer text-sm font-medium">Edit server</summary>
              <div className="pt-3">
                <EditToolServerForm action={editMcpServerAction} server={server} roles={roles} />
              </div>
            </details>
            <h4 className="text-sm font-semibold">Tools ({server.tools.length})</h4>
            {server.tools.length === 0 ? <p className={muted}>None listed: fix the server and Refresh.</p> : null}
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label={`Tools of ${server.name}`}>
              {server.tools.map((tool) => (
                <li key={tool.id}>
                  <ToolRowForm action={editMcpToolAction} serverId={server.id} tool={tool} />
                </li>
              ))}
            </ul>
          </article>
        ))}
      </section>

      <section className="flex flex-col gap-4" aria-labelledby="add-server-heading">
        <h2 id="add-server-heading" className="text-lg font-semibold">
          Add a server
        </h2>
        <AddToolServerForm action={addMcpServerAction} stdioAllowed={stdioAllowed} />
      </section>
    </main>
  );
}
