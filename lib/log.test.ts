import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "./log";

const saved = process.env.PARLEY_LOG_LEVEL;

function captured(level: string) {
  process.env.PARLEY_LOG_LEVEL = level;
  const lines: string[] = [];
  const out = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  const err = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  log.debug("e.debug");
  log.info("e.info");
  log.warn("e.warn");
  log.error("e.error");
  out.mockRestore();
  err.mockRestore();
  return lines.map((line) => JSON.parse(line).event);
}

describe("log levels", () => {
  afterEach(() => {
    process.env.PARLEY_LOG_LEVEL = saved;
  });

  it("writes the chosen level and everything more severe", () => {
    expect(captured("debug")).toEqual(["e.debug", "e.info", "e.warn", "e.error"]);
    expect(captured("info")).toEqual(["e.info", "e.warn", "e.error"]);
    expect(captured("warn")).toEqual(["e.warn", "e.error"]);
    expect(captured("error")).toEqual(["e.error"]);
    expect(captured("silent")).toEqual([]);
  });

  it("keeps logging at info when the level is invalid", () => {
    expect(captured("loud")).toEqual(["e.info", "e.warn", "e.error"]);
  });
});

function lines(fn: () => void): Record<string, unknown>[] {
  process.env.PARLEY_LOG_LEVEL = "debug";
  const out: string[] = [];
  const a = vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
  const b = vi.spyOn(console, "error").mockImplementation((line: string) => void out.push(line));
  try {
    fn();
  } finally {
    a.mockRestore();
    b.mockRestore();
    process.env.PARLEY_LOG_LEVEL = saved;
  }
  return out.map((line) => JSON.parse(line));
}

describe("log lines", () => {
  it("keep an error's stack and its cause, wherever the error sits in the fields", () => {
    const cause = new Error("socket closed");
    const error = new Error("query failed", { cause });
    const [line = {}] = lines(() => log.error("e.failed", { error, nested: { reason: new TypeError("bad") } }));
    expect(line).toMatchObject({ level: "error", event: "e.failed" });
    const logged = line.error as { message: string; stack: string; cause: { message: string; stack: string } };
    expect(logged.message).toBe("query failed");
    expect(logged.stack).toContain("log.test.ts");
    expect(logged.cause.message).toBe("socket closed");
    expect(logged.cause.stack).toContain("Error: socket closed");
    expect((line.nested as { reason: { stack: string } }).reason.stack).toContain("TypeError: bad");
  });

  it("never carry authorization headers, cookies, passwords or keys", () => {
    const [line] = lines(() =>
      log.warn("e.request", {
        authorization: "Bearer sk-top",
        headers: { authorization: "Bearer sk-nested", cookie: "authjs.session-token=abc" },
        body: { password: "hunter2", apiKey: "sk-key" },
        userId: "u1",
      }),
    );
    const text = JSON.stringify(line);
    for (const secret of ["sk-top", "sk-nested", "authjs.session-token=abc", "hunter2", "sk-key"]) {
      expect(text).not.toContain(secret);
    }
    expect(line).toMatchObject({ userId: "u1", authorization: "[redacted]" });
  });

  it("write warn and error to stderr, the rest to stdout, one line each", () => {
    process.env.PARLEY_LOG_LEVEL = "debug";
    const out: string[] = [];
    const err: string[] = [];
    const a = vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    const b = vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
    log.info("e.info");
    log.warn("e.warn");
    a.mockRestore();
    b.mockRestore();
    process.env.PARLEY_LOG_LEVEL = saved;
    expect(out.map((l) => JSON.parse(l).event)).toEqual(["e.info"]);
    expect(err.map((l) => JSON.parse(l).event)).toEqual(["e.warn"]);
    expect(JSON.parse(out[0] ?? "{}").t).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("never throw: a field that cannot be written leaves the line without its fields", () => {
    process.env.PARLEY_LOG_LEVEL = "info";
    const err: string[] = [];
    const b = vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
    const hostile = new Error("driver error");
    Object.defineProperty(hostile, "client", {
      enumerable: true,
      get() {
        throw new Error("socket gone");
      },
    });
    expect(() => log.error("e.hostile", { error: hostile })).not.toThrow();
    b.mockRestore();
    process.env.PARLEY_LOG_LEVEL = saved;
    expect(err.map((l) => JSON.parse(l).event)).toEqual(["e.hostile"]);
  });
});
