import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };

async function freshEnv() {
  vi.resetModules();
  return (await import("./env")).env;
}

describe("the validated environment", () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  it("has working defaults when nothing is set", async () => {
    delete process.env.DATABASE_URL;
    delete process.env.PORT;
    const env = (await freshEnv())();
    expect(env.DATABASE_URL).toBe("file:./data/parley.db");
    expect(env.PORT).toBe(3000);
    expect(env.PARLEY_MESSAGES_PER_MINUTE).toBe(30);
  });

  it("lists every problem at once, naming the variables", async () => {
    process.env.DATABASE_URL = "mysql://root@localhost/db";
    process.env.OPENAI_BASE_URL = "not a url";
    process.env.TRUST_PROXY = "lots";
    const env = await freshEnv();
    expect(() => env()).toThrow(/DATABASE_URL: use file:[\s\S]*OPENAI_BASE_URL[\s\S]*TRUST_PROXY/);
  });
});
