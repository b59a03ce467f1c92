import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { type ApiUser, apiUser, call } from "@/test/api";

let alice: ApiUser;

beforeAll(() => {
  // Never called: only the list of configured models matters here.
  process.env.OPENAI_BASE_URL = "http://127.0.0.1:9/v1";
  process.env.PARLEY_MODELS = "model-a=Model A,model-b=Model B";
});

beforeEach(async () => {
  alice = await apiUser();
});

describe("GET/PATCH /me/preferences", () => {
  it("starts with the defaults and stores nothing until something changes", async () => {
    const response = await call("GET", "/me/preferences", { key: alice.key });
    expect(response.json).toEqual({
      object: "preferences",
      custom_instructions: null,
      default_model: null,
      theme: null,
      send_key: "enter",
    });
    expect(await db.userPreference.count({ where: { userId: alice.id } })).toBe(0);
  });

  it("changes only the fields sent and keeps them for every later request", async () => {
    const first = await call("PATCH", "/me/preferences", {
      key: alice.key,
      body: { custom_instructions: "  Answer in French.  ", theme: "dark" },
    });
    expect(first.json).toMatchObject({ custom_instructions: "Answer in French.", theme: "dark", send_key: "enter" });
    await call("PATCH", "/me/preferences", {
      key: alice.key,
      body: { send_key: "mod-enter", default_model: "model-b" },
    });
    const after = await call("GET", "/me/preferences", { key: alice.key });
    expect(after.json).toEqual({
      object: "preferences",
      custom_instructions: "Answer in French.",
      default_model: "model-b",
      theme: "dark",
      send_key: "mod-enter",
    });
    const cleared = await call("PATCH", "/me/preferences", {
      key: alice.key,
      body: { custom_instructions: null, theme: null },
    });
    expect(cleared.json).toMatchObject({ custom_instructions: null, theme: null, default_model: "model-b" });
  });

  it("refuses unknown models, values and fields with a clear error and changes nothing", async () => {
    await call("PATCH", "/me/preferences", { key: alice.key, body: { theme: "light" } });
    const refused = [
      { default_model: "not-configured" },
      { theme: "purple" },
      { send_key: "space" },
      { custom_instructions: "x".repeat(8001) },
      { colour: "red" },
      {},
    ];
    for (const body of refused) {
      const response = await call("PATCH", "/me/preferences", { key: alice.key, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    const model = await call("PATCH", "/me/preferences", { key: alice.key, body: { default_model: "nope" } });
    expect(model.json.error.fields[0].field).toBe("model");
    expect((await call("GET", "/me/preferences", { key: alice.key })).json).toMatchObject({
      theme: "light",
      default_model: null,
    });
  });
});
