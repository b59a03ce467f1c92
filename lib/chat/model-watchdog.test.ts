import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ModelTimeout } from "./model-errors";
import { watchModel } from "./model-watchdog";

const text = { type: "text-delta", id: "t", delta: "x" } as const;

describe("watchModel", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const reasonOf = (controller: AbortController) => controller.signal.reason as ModelTimeout | undefined;

  it("aborts with the first-token timeout when the model sends nothing (start chunks do not count)", () => {
    const controller = new AbortController();
    const watchdog = watchModel(controller, { firstTokenSeconds: 8, idleSeconds: 4 });
    watchdog.saw({ type: "start" });
    vi.advanceTimersByTime(7_999);
    expect(controller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(reasonOf(controller)).toMatchObject({ phase: "first_token", seconds: 8 });
  });

  it("aborts with the idle timeout measured from the last output, however long the reply ran", () => {
    const controller = new AbortController();
    const watchdog = watchModel(controller, { firstTokenSeconds: 8, idleSeconds: 4 });
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(1_000);
      watchdog.saw(text);
    }
    vi.advanceTimersByTime(3_999);
    expect(controller.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(reasonOf(controller)).toBeInstanceOf(ModelTimeout);
    expect(reasonOf(controller)).toMatchObject({ phase: "idle", seconds: 4 });
  });

  it("stop() ends the watch", () => {
    const controller = new AbortController();
    watchModel(controller, { firstTokenSeconds: 1, idleSeconds: 1 }).stop();
    vi.advanceTimersByTime(10_000);
    expect(controller.signal.aborted).toBe(false);
  });

  it("costs no timer and no error per chunk (it runs for every token of every reply)", () => {
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const controller = new AbortController();
    const watchdog = watchModel(controller, { firstTokenSeconds: 8, idleSeconds: 4 });
    for (let i = 0; i < 1_000; i++) {
      vi.advanceTimersByTime(10);
      watchdog.saw(text);
    }
    // The first-token timer, the idle one from the first output, and re-arms each time the idle timer fired early.
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(2 + Math.ceil(10 / 4));
    expect(controller.signal.aborted).toBe(false);
  });
});
