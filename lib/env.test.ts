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

describe("PARLEY_LOG_LEVEL", () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  it("accepts error, warn, info, debug and silent, and defaults to info", async () => {
    const env = await freshEnv();
    for (const level of ["error", "warn", "info", "debug", "silent"]) {
      process.env.PARLEY_LOG_LEVEL = level;
      expect(env().PARLEY_LOG_LEVEL).toBe(level);
    }
    process.env.PARLEY_LOG_LEVEL = "";
    expect(env().PARLEY_LOG_LEVEL).toBe("info");
    process.env.PARLEY_LOG_LEVEL = "loud";
    expect(() => env()).toThrow(/PARLEY_LOG_LEVEL: use one of debug, info, warn, error, silent/);
  });
});

describe("reading the environment", () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  it("sees a changed variable on the next call", async () => {
    const env = await freshEnv();
    process.env.PARLEY_MESSAGES_PER_MINUTE = "7";
    expect(env().PARLEY_MESSAGES_PER_MINUTE).toBe(7);
    process.env.PARLEY_MESSAGES_PER_MINUTE = "9";
    expect(env().PARLEY_MESSAGES_PER_MINUTE).toBe(9);
  });

  it("validates the database and Redis timeouts", async () => {
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = "10";
    process.env.REDIS_TIMEOUT_MS = "soon";
    const env = await freshEnv();
    expect(() => env()).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS[\s\S]*REDIS_TIMEOUT_MS/);
  });
});
