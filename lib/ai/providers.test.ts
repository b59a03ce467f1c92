import { afterEach, describe, expect, it } from "vitest";
import { getModel, listModels, resolveModel } from "./providers";

const saved = { ...process.env };
afterEach(() => {
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "PARLEY_MODELS", "PARLEY_TOOLS"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("model registry", () => {
  it("offers only the offline model when nothing is configured", () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    delete process.env.PARLEY_MODELS;
    expect(listModels()).toEqual([
      { id: "offline", label: "Offline model — connect a real model in .env", offline: true, vision: true },
    ]);
  });

  it("reads models and labels, works with a base URL and no key, and refuses unknown ids", () => {
    delete process.env.OPENAI_API_KEY;
    process.env.OPENAI_BASE_URL = "http://127.0.0.1:11434/v1";
    process.env.PARLEY_MODELS = "llama3.2=Llama 3.2, qwen2.5:vision ,offline";
    expect(listModels()).toEqual([
      { id: "llama3.2", label: "Llama 3.2", offline: false, vision: false },
      { id: "qwen2.5", label: "qwen2.5", offline: false, vision: true },
      { id: "offline", label: "Offline model — connect a real model in .env", offline: true, vision: true },
    ]);
    const model = getModel("qwen2.5").model;
    expect(typeof model === "object" && model.modelId).toBe("qwen2.5");
    expect(typeof model === "object" && model.provider).toContain("openai.chat");
    expect(() => getModel("gpt-nope")).toThrow(/Unknown model/);
    // A conversation remembering a model that is gone falls back to the default.
    expect(resolveModel(null, "gone").id).toBe("llama3.2");
    expect(getModel("llama3.2").tools).toBe(true);
    process.env.PARLEY_TOOLS = "off";
    expect(getModel("llama3.2").tools).toBe(false);
    expect(getModel("offline").tools).toBe(true);
  });
});
