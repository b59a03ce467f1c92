import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";

// The admin's Models page through the real action wrappers and database, against two OpenAI-compatible
// servers on loopback.

vi.mock("@/lib/auth/current-user", async () => (await import("@/test/admin-session")).superuserSession());
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const actions = await import("./actions");
const { db, dialect } = await import("@/lib/db/client");
const { listModels } = await import("@/lib/ai/providers");

const SECRET_KEY = "sk-live-Zq8vN3mW7pL2xK9rT4yB6cH1";

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

let ollama: MockServer;
let vllm: MockServer;
beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  delete process.env.PARLEY_MODELS;
  ollama = await startMockServer(0, { models: ["llama3.2:3b", "qwen3:8b", "nomic-embed-text"] });
  vllm = await startMockServer(0, { models: ["deepseek-r1"], apiKey: SECRET_KEY });
});
afterAll(async () => {
  await ollama.close();
  await vllm.close();
});

async function connectionId(name: string): Promise<string> {
  const row = await db.connection.findUniqueOrThrow({ where: { name } });
  return row.id;
}

describe("connections on /admin/models", () => {
  it("adds two connections, lists their chat models with guessed capabilities, and audits it", async () => {
    const first = await actions.addConnectionAction(
      null,
      form({ name: "Ollama", kind: "openai-compatible", baseUrl: `${ollama.baseURL}/`, apiKey: "" }),
    );
    expect(first).toMatchObject({ ok: true, notice: "Added “Ollama”. HTTP 200: 2 chat models listed. 2 enabled." });
    const second = await actions.addConnectionAction(
      null,
      form({ name: "vLLM", kind: "openai-compatible", baseUrl: vllm.baseURL, apiKey: SECRET_KEY }),
    );
    expect(second).toMatchObject({ ok: true });
    const models = await listModels();
    expect(models.map((m) => `${m.id} · ${m.connection}`)).toEqual([
      "llama3.2:3b · Ollama",
      "qwen3:8b · Ollama",
      "deepseek-r1 · vLLM",
    ]);
    expect(models.find((m) => m.id === "deepseek-r1")).toMatchObject({ reasoning: true, contextWindow: 8192 });
    expect(await db.auditEvent.count({ where: { action: "admin.connection_added" } })).toBe(2);
  });

  it("refuses a bad base URL or a duplicate name next to the field, keeping what was typed", async () => {
    const bad = await actions.addConnectionAction(
      null,
      form({ name: "Bad", kind: "openai-compatible", baseUrl: "ftp://example.test", apiKey: "" }),
    );
    expect(bad).toMatchObject({
      ok: false,
      fields: { baseUrl: expect.stringMatching(/http/) },
      values: { name: "Bad" },
    });
    const duplicate = await actions.addConnectionAction(
      null,
      form({ name: "Ollama", kind: "openai-compatible", baseUrl: ollama.baseURL, apiKey: "" }),
    );
    expect(duplicate).toMatchObject({ ok: false, fields: { name: "Choose another name." } });
    const kind = await actions.addConnectionAction(null, form({ name: "X", kind: "cohere", baseUrl: "", apiKey: "" }));
    expect(kind).toMatchObject({ ok: false, fields: { kind: expect.any(String) } });
    expect(await db.connection.count()).toBe(2);
  });

  it("Test reports what the server answered, a wrong key included", async () => {
    const id = await connectionId("vLLM");
    expect(await actions.testConnectionAction(null, form({ connectionId: id }))).toMatchObject({
      ok: true,
      notice: "HTTP 200: 1 chat model listed.",
    });
    await actions.editConnectionAction(
      null,
      form({ connectionId: id, name: "vLLM", baseUrl: vllm.baseURL, apiKey: "sk-wrong-key-0000", enabled: "on" }),
    );
    expect(await actions.testConnectionAction(null, form({ connectionId: id }))).toMatchObject({
      ok: false,
      error: "HTTP 401: Incorrect API key provided. Check the API key.",
    });
    // An empty key field keeps the stored key.
    await actions.editConnectionAction(
      null,
      form({ connectionId: id, name: "vLLM", baseUrl: vllm.baseURL, apiKey: SECRET_KEY, enabled: "on" }),
    );
    await actions.editConnectionAction(
      null,
      form({ connectionId: id, name: "vLLM", baseUrl: vllm.baseURL, apiKey: "", enabled: "on" }),
    );
    expect(await actions.testConnectionAction(null, form({ connectionId: id }))).toMatchObject({ ok: true });
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).apiKeyHint).toBe("cH1".padStart(4, "6"));
  });

  it("renames, disables, reorders, adds by hand and sets the default; Refresh adds only what is new", async () => {
    const ollamaId = await connectionId("Ollama");
    const qwen = await db.connectionModel.findUniqueOrThrow({ where: { modelId: "qwen3:8b" } });
    const saved = await actions.editModelAction(
      null,
      form({
        modelRowId: qwen.id,
        label: "Qwen 3 8B",
        contextWindow: "32768",
        enabled: "on",
        reasoning: "on",
        tools: "on",
      }),
    );
    expect(saved).toMatchObject({ ok: true });
    await actions.moveModelAction(form({ modelRowId: qwen.id, direction: "up" }));
    const llama = await db.connectionModel.findUniqueOrThrow({ where: { modelId: "llama3.2:3b" } });
    await actions.editModelAction(null, form({ modelRowId: llama.id, label: "Llama", contextWindow: "" }));
    expect(await actions.addModelAction(null, form({ connectionId: ollamaId, remoteId: "gpt-oss:20b" }))).toMatchObject(
      { ok: true },
    );
    expect(await actions.addModelAction(null, form({ connectionId: ollamaId, remoteId: "has space" }))).toMatchObject({
      ok: false,
      fields: { remoteId: expect.any(String) },
    });
    const refreshed = await actions.refreshConnectionAction(null, form({ connectionId: ollamaId }));
    expect(refreshed, JSON.stringify(refreshed)).toMatchObject({
      ok: true,
      notice: "HTTP 200: 2 chat models listed. Nothing new.",
    });
    expect(await actions.setDefaultModelAction(null, form({ modelId: "deepseek-r1" }))).toMatchObject({ ok: true });
    expect(await actions.setDefaultModelAction(null, form({ modelId: "llama3.2:3b" }))).toMatchObject({
      ok: false,
      fields: { modelId: "Not one of the enabled models." },
    });
    const models = await listModels();
    expect(models.map((m) => [m.id, m.label])).toEqual([
      ["deepseek-r1", "deepseek-r1"],
      ["qwen3:8b", "Qwen 3 8B"],
      ["gpt-oss:20b", "gpt-oss:20b"],
    ]);
    expect(models.find((m) => m.id === "qwen3:8b")).toMatchObject({
      contextWindow: 32768,
      reasoning: true,
      vision: false,
    });
    for (const action of [
      "admin.model_updated",
      "admin.model_added",
      "admin.models_discovered",
      "admin.default_model_changed",
    ]) {
      expect(await db.auditEvent.count({ where: { action } }), action).toBeGreaterThan(0);
    }
  });

  it("never stores the key in plain text: not in any table, nor (SQLite) in the database file or its WAL", async () => {
    const tables = ["Connection", "ConnectionModel", "Setting", "AuditEvent"];
    for (const table of tables) {
      const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}"`);
      const text = JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v));
      expect(text.length).toBeGreaterThan(2);
      expect(text, table).not.toContain(SECRET_KEY);
      expect(text, table).not.toContain(SECRET_KEY.slice(0, 12));
    }
    const sealed = (await db.connection.findUniqueOrThrow({ where: { name: "vLLM" } })).apiKeySealed;
    expect(sealed).toMatch(/^v1\./);
    if (dialect === "sqlite") {
      const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
      for (const path of [file, `${file}-wal`]) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(path);
        } catch {
          continue;
        }
        expect(bytes.includes(Buffer.from(SECRET_KEY)), path).toBe(false);
      }
    }
  });

  it("takes a change made by another instance at once (the version row, not this process's memory)", async () => {
    // A second copy of the registry module is a second instance's cache.
    vi.resetModules();
    const other = await import("@/lib/ai/providers");
    expect((await other.listModels()).map((m) => m.id)).toContain("qwen3:8b");
    const vllmId = await connectionId("vLLM");
    await actions.removeConnectionAction(form({ connectionId: vllmId }));
    expect((await other.listModels()).map((m) => m.id)).not.toContain("deepseek-r1");
    // The default's model is gone: the first listed one answers for it.
    expect((await other.resolveModel(null, "deepseek-r1")).id).toBe("qwen3:8b");
    expect(await db.auditEvent.count({ where: { action: "admin.connection_removed" } })).toBe(1);
  });
});
