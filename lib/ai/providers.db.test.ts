import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConnection, deleteConnection, setDefaultModelSetting, updateConnection } from "@/lib/db/connections";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { addDiscoveredModels } from "./connections";
import { probeServer } from "./discovery";
import { getModel, listModels, resolveModel } from "./providers";

const saved = { ...process.env };
afterEach(() => {
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "PARLEY_MODELS", "PARLEY_TOOLS"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("model registry from the environment", () => {
  it("offers only the offline model when nothing is configured", async () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    delete process.env.PARLEY_MODELS;
    expect(await listModels()).toEqual([
      {
        id: "offline",
        label: "Offline model",
        offline: true,
        vision: true,
        connection: "Built-in",
        reasoning: false,
        reasoningEffort: false,
        contextWindow: null,
      },
    ]);
  });

  it("reads models and labels, works with a base URL and no key, and refuses unknown ids", async () => {
    delete process.env.OPENAI_API_KEY;
    process.env.OPENAI_BASE_URL = "http://127.0.0.1:11434/v1";
    process.env.PARLEY_MODELS = "llama3.2=Llama 3.2, qwen2.5:vision ,offline";
    expect(
      (await listModels()).map(({ id, label, offline, vision, connection }) => ({
        id,
        label,
        offline,
        vision,
        connection,
      })),
    ).toEqual([
      { id: "llama3.2", label: "Llama 3.2", offline: false, vision: false, connection: "Environment" },
      { id: "qwen2.5", label: "qwen2.5", offline: false, vision: true, connection: "Environment" },
      { id: "offline", label: "Offline model", offline: true, vision: true, connection: "Built-in" },
    ]);
    const model = (await getModel("qwen2.5")).model;
    expect(typeof model === "object" && model.modelId).toBe("qwen2.5");
    expect(typeof model === "object" && model.provider).toContain("chat");
    await expect(getModel("gpt-nope")).rejects.toThrow(/Unknown model/);
    // A conversation remembering a model that is gone falls back to the default.
    expect((await resolveModel(null, "gone")).id).toBe("llama3.2");
    expect((await getModel("llama3.2")).tools).toBe(true);
    process.env.PARLEY_TOOLS = "off";
    expect((await getModel("llama3.2")).tools).toBe(false);
    expect((await getModel("offline")).tools).toBe(true);
  });

  it("keeps OpenAI's own provider for api.openai.com", async () => {
    process.env.OPENAI_API_KEY = "sk-test";
    delete process.env.OPENAI_BASE_URL;
    process.env.PARLEY_MODELS = "gpt-4o-mini";
    const model = (await getModel("gpt-4o-mini")).model;
    expect(typeof model === "object" && model.provider).toBe("openai.chat");
  });
});

describe("connections from the database", () => {
  let first: MockServer;
  let second: MockServer;
  beforeAll(async () => {
    first = await startMockServer(0, {
      models: ["shared-model", "first-only", "text-embedding-3-small"],
      apiKey: "sk-first-1234",
    });
    second = await startMockServer(0, { models: ["shared-model", "second-only"] });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it("discovers two servers side by side, keeps ids people know and disambiguates the same id", async () => {
    process.env.OPENAI_BASE_URL = first.baseURL;
    process.env.OPENAI_API_KEY = "sk-first-1234";
    process.env.PARLEY_MODELS = "env-model";
    const a = await createConnection({
      name: "First",
      kind: "openai-compatible",
      baseUrl: first.baseURL,
      apiKey: "sk-first-1234",
    });
    const b = await createConnection({
      name: "Second",
      kind: "openai-compatible",
      baseUrl: second.baseURL,
      apiKey: null,
    });
    expect((await addDiscoveredModels(a.id)).probe.message).toMatch(/HTTP 200: 2 chat models/);
    expect((await addDiscoveredModels(b.id)).added).toBe(2);

    const models = await listModels();
    expect(models.map((m) => [m.id, m.connection])).toEqual([
      ["env-model", "Environment"],
      ["shared-model", "First"],
      ["first-only", "First"],
      ["Second/shared-model", "Second"],
      ["second-only", "Second"],
    ]);
    expect(models.find((m) => m.id === "first-only")?.contextWindow).toBe(8192);

    // Each model goes to its own server, with its own key, under the remote id.
    first.setReply({ text: "from first" });
    second.setReply({ text: "from second" });
    const { streamText } = await import("ai");
    for (const [id, expected] of [
      ["first-only", "from first"],
      ["Second/shared-model", "from second"],
    ] as const) {
      const result = streamText({ model: (await getModel(id)).model, prompt: "hi" });
      expect(await result.text).toBe(expected);
    }
    expect(second.streamedRequests().at(-1)?.model).toBe("shared-model");

    // /api/health reports each connection; one that is gone is down without failing the instance.
    const { checkHealth } = await import("@/lib/health");
    await second.close();
    const health = await checkHealth();
    expect(health.connections).toMatchObject({ First: { status: "up" }, Second: { status: "down" } });
    expect(health.down).not.toContain("Second");
    second = await startMockServer(Number(new URL(second.url).port), { models: ["shared-model", "second-only"] });

    await setDefaultModelSetting("second-only");
    expect((await listModels())[0]?.id).toBe("second-only");
    await setDefaultModelSetting(null);

    // Turned off, then removed: its models disappear, and old conversations fall back to the default.
    await updateConnection(b.id, { enabled: false });
    expect((await listModels()).some((m) => m.connection === "Second")).toBe(false);
    await deleteConnection(b.id);
    expect((await resolveModel(null, "second-only")).id).toBe("env-model");
    await deleteConnection(a.id);
  });

  it("reports a refused key and an unreachable server as the server answered", async () => {
    const refused = await probeServer({ kind: "openai-compatible", baseUrl: first.baseURL, apiKey: "sk-wrong-9999" });
    expect(refused).toMatchObject({ ok: false, status: 401 });
    expect(refused.message).toMatch(/HTTP 401: Incorrect API key provided\. Check the API key\./);
    const gone = await probeServer({ kind: "openai-compatible", baseUrl: "http://127.0.0.1:9/v1", apiKey: null });
    expect(gone).toMatchObject({ ok: false, status: null });
    expect(gone.message).toMatch(/Could not reach/);
  });
});
