import { renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { initialSendState, SendMachine } from "./send-machine";
import { useResumeWhenVisible } from "./use-resume-when-visible";

let visibility: DocumentVisibilityState = "visible";
Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });

const becomes = (state: DocumentVisibilityState) => {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
};

const message = { id: "m1", text: "Hi" };

afterEach(() => {
  visibility = "visible";
});

describe("useResumeWhenVisible", () => {
  it("follows the reply again when the tab comes back after the network dropped it, once", () => {
    const machine = new SendMachine(initialSendState(false));
    let resumed = 0;
    renderHook(() => useResumeWhenVisible(machine, () => resumed++));
    machine.dispatch({ type: "send", message });
    becomes("hidden");
    machine.dispatch({ type: "lost", reason: "The connection was lost." });
    machine.dispatch({ type: "dropped" });
    expect(resumed).toBe(0);
    becomes("visible");
    expect(resumed).toBe(1);
    // The resume is a new request: it clears the drop, so coming back again does not ask twice.
    machine.dispatch({ type: "resume" });
    becomes("hidden");
    becomes("visible");
    expect(resumed).toBe(1);
  });

  it("does nothing after a failure that was not a drop, while a request is in flight, or once unmounted", () => {
    const machine = new SendMachine(initialSendState(false));
    let resumed = 0;
    const hook = renderHook(() => useResumeWhenVisible(machine, () => resumed++));
    machine.dispatch({ type: "send", message });
    machine.dispatch({ type: "refused", reason: "Slow down." });
    becomes("visible");
    machine.dispatch({ type: "send", message });
    becomes("visible");
    expect(resumed).toBe(0);
    machine.dispatch({ type: "lost", reason: "x" });
    machine.dispatch({ type: "dropped" });
    hook.unmount();
    becomes("visible");
    expect(resumed).toBe(0);
  });
});
