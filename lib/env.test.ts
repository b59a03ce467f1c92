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

  it("accepts imports of 200 MB by default, so a 100 MB, 5,000-conversation export goes in as it is", async () => {
    delete process.env.PARLEY_IMPORT_MAX_MB;
    expect((await freshEnv())().PARLEY_IMPORT_MAX_MB).toBe(200);
  });

  it("lists every problem at once, naming the variables", async () => {
    process.env.DATABASE_URL = "mysql://root@localhost/db";
    process.env.OPENAI_BASE_URL = "not a url";
    process.env.TRUST_PROXY = "lots";
    const env = await freshEnv();
    expect(() => env()).toThrow(/DATABASE_URL: use file:[\s\S]*OPENAI_BASE_URL[\s\S]*TRUST_PROXY/);
  });

  it("accepts TRUST_PROXY as a count or a list of proxy addresses and networks", async () => {
    process.env.TRUST_PROXY = "10.0.0.0/8, 192.168.1.5 fd00::/8";
    expect((await freshEnv())().TRUST_PROXY).toBe("10.0.0.0/8, 192.168.1.5 fd00::/8");
    process.env.TRUST_PROXY = "10.0.0.0/33";
    const env = await freshEnv();
    expect(() => env()).toThrow(/TRUST_PROXY/);
  });

  it("refuses to start when mail goes out but APP_URL, the base of every emailed link, is missing", async () => {
    process.env.SMTP_URL = "smtp://mail.example:587";
    delete process.env.APP_URL;
    const env = await freshEnv();
    expect(() => env()).toThrow(/APP_URL: required when SMTP_URL is set/);
    process.env.APP_URL = "https://chat.example";
    expect((await freshEnv())().APP_URL).toBe("https://chat.example");
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

describe("AUTH_OIDC_ISSUER", () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  function configure(issuer: string) {
    process.env.AUTH_OIDC_ISSUER = issuer;
    process.env.AUTH_OIDC_ID = "parley";
    process.env.AUTH_OIDC_SECRET = "secret";
  }

  it("refuses to start with a plain-http issuer outside loopback (its keys and tokens would travel in clear)", async () => {
    configure("http://sso.example.com/realms/company");
    const env = await freshEnv();
    expect(() => env()).toThrow(/AUTH_OIDC_ISSUER: use https:\/\//);
  });

  it("accepts https anywhere, and http only on loopback (a provider on the same machine, tests)", async () => {
    for (const issuer of [
      "https://sso.example.com/realms/company",
      "http://127.0.0.1:8080",
      "http://localhost:8080/realms/dev",
      "http://[::1]:9000",
    ]) {
      configure(issuer);
      expect((await freshEnv())().AUTH_OIDC_ISSUER).toBe(issuer);
    }
    for (const issuer of ["http://127.0.0.1.example.com", "http://localhost.example.com", "ftp://sso.example.com"]) {
      configure(issuer);
      const env = await freshEnv();
      expect(() => env(), issuer).toThrow(/AUTH_OIDC_ISSUER/);
    }
  });
});
