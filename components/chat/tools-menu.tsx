"use client";

import { useEffect, useId, useState } from "react";
import { apiRequest } from "./api-request";
import { WrenchIcon } from "./icons";

interface ToolChoice {
  id: string;
  name: string;
  description: string;
  on: boolean;
}
interface ServerChoice {
  id: string;
  name: string;
  on: boolean;
  tools: ToolChoice[];
}
interface Choices {
  servers: ServerChoice[];
}

/** The ids turned off: a server that is off, and each tool that is off. */
function offOf(servers: ServerChoice[]): string[] {
  return servers.flatMap((s) => [...(s.on ? [] : [s.id]), ...s.tools.filter((t) => !t.on).map((t) => t.id)]);
}

/**
 * The composer's "Tools" menu: which MCP servers and tools this conversation may use (everything the person's
 * roles allow until they turn some off). Saved with the conversation at each change.
 */
export function ToolsMenu({ conversationId, disabled }: { conversationId: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<Choices | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    let current = true;
    apiRequest<Choices>("GET", `/conversations/${conversationId}/tools`).then(
      (data) => current && setChoices(data),
      (e: Error) => current && setError(e.message),
    );
    const close = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("keydown", close);
    return () => {
      current = false;
      document.removeEventListener("keydown", close);
    };
  }, [open, conversationId]);

  const save = async (servers: ServerChoice[]) => {
    const previous = choices;
    setChoices({ servers });
    setError(null);
    try {
      setChoices(await apiRequest<Choices>("PUT", `/conversations/${conversationId}/tools`, { off: offOf(servers) }));
    } catch (e) {
      setChoices(previous);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const toggleServer = (serverId: string, on: boolean) =>
    choices && void save(choices.servers.map((s) => (s.id === serverId ? { ...s, on } : s)));
  const toggleTool = (serverId: string, toolId: string, on: boolean) =>
    choices &&
    void save(
      choices.servers.map((s) =>
        s.id === serverId ? { ...s, tools: s.tools.map((t) => (t.id === toolId ? { ...t, on } : t)) } : s,
      ),
    );

  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        disabled={disabled}
        onClick={() => setOpen((v) => !v)}
        className="flex h-9 items-center gap-1 rounded-full px-2.5 text-sm text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <WrenchIcon />
        <span>Tools</span>
      </button>
      {open ? (
        <section
          id={`${id}-panel`}
          aria-label="Tools for this conversation"
          className="absolute right-0 bottom-full z-20 mb-2 max-h-80 w-64 max-w-[calc(100vw-2rem)] sm:right-auto sm:left-0 sm:w-72 overflow-y-auto rounded-xl border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
            Tool servers this conversation may use. The built-in tools are always on.
          </p>
          {error ? <p className="mb-2 text-red-700 dark:text-red-400">{error}</p> : null}
          {!choices && !error ? <p>Loading…</p> : null}
          {choices?.servers.length === 0 ? <p>No tool servers are available to your role.</p> : null}
          {choices?.servers.map((server) => (
            <fieldset key={server.id} className="mb-2">
              <legend className="sr-only">{server.name}</legend>
              <label className="flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={server.on}
                  onChange={(e) => toggleServer(server.id, e.target.checked)}
                />
                {server.name}
              </label>
              <ul className="mt-1 ml-6 flex flex-col gap-1">
                {server.tools.map((tool) => (
                  <li key={tool.id}>
                    <label className="flex items-start gap-2" title={tool.description}>
                      <input
                        type="checkbox"
                        className="mt-1"
                        checked={tool.on}
                        disabled={!server.on}
                        onChange={(e) => toggleTool(server.id, tool.id, e.target.checked)}
                        aria-label={`${server.name}: ${tool.name}`}
                      />
                      <span className="font-mono text-xs break-all">{tool.name}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
        </section>
      ) : null}
    </div>
  );
}
