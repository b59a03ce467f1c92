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
