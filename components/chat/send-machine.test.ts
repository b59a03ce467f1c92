import { describe, expect, it } from "vitest";
import {
  initialSendState,
  isActive,
  nextSendState,
  type SendEvent,
  SendMachine,
  type SendPhase,
  type SendState,
} from "./send-machine";

const message = { id: "m1", text: "Tell me a story" };
const run = (events: SendEvent[], from: SendState = initialSendState(false)) => events.reduce(nextSendState, from);
const phases = (events: SendEvent[], from: SendState = initialSendState(false)) => {
  const seen: SendPhase[] = [];
  events.reduce((state, event) => {
    const next = nextSendState(state, event);
    seen.push(next.phase);
    return next;
  }, from);
  return seen;
};

describe("nextSendState", () => {
  it("a send goes idle → sending → streaming → settled and forgets the message once answered", () => {
    expect(phases([{ type: "send", message }, { type: "replyStarted" }, { type: "finished" }])).toEqual([
      "sending",
      "streaming",
      "settled",
    ]);
    const settled = run([{ type: "send", message }, { type: "replyStarted" }, { type: "finished" }]);
    expect(settled.outgoing).toBeNull();
    expect(isActive(settled.phase)).toBe(false);
  });

  it("keeps the message in flight (with its files) until the reply ends", () => {
    const files = [{ type: "file" as const, url: "/api/files/f1", mediaType: "image/png", filename: "a.png" }];
    const streaming = run([{ type: "send", message: { ...message, files } }, { type: "replyStarted" }]);
    expect(streaming.outgoing).toEqual({ ...message, files });
    expect(isActive(streaming.phase)).toBe(true);
  });

  it("a send that may not have arrived becomes not sent, with why; a retry under the same id sends again", () => {
    const lost = run([
      { type: "send", message },
      { type: "lost", reason: "The connection was lost." },
      { type: "dropped" },
    ]);
    expect(lost).toEqual({ phase: "notSent", outgoing: null, error: "The connection was lost.", disconnected: true });
    const retried = nextSendState(lost, { type: "send", message });
    expect(retried).toEqual({ phase: "sending", outgoing: message, error: null, disconnected: false });
  });

  it("a lost regenerate or resume fails (there is no message of the person's to keep as not sent)", () => {
    expect(run([{ type: "regenerate" }, { type: "lost", reason: "x" }]).phase).toBe("failed");
    expect(run([{ type: "lost", reason: "x" }, { type: "dropped" }], initialSendState(true))).toMatchObject({
      phase: "failed",
      disconnected: true,
    });
  });

  it("a refused send fails with the server's reason and nothing in flight", () => {
    const refused = run([
      { type: "send", message },
      { type: "refused", reason: "Slow down." },
    ]);
    expect(refused).toEqual({ phase: "failed", outgoing: null, error: "Slow down.", disconnected: false });
  });

  it("Stop freezes the reply: a finish or an error after it changes nothing", () => {
    const stopped = run([{ type: "send", message }, { type: "replyStarted" }, { type: "stopped" }]);
    expect(stopped.phase).toBe("stopped");
    expect(run([{ type: "finished" }, { type: "refused", reason: "late" }], stopped)).toBe(stopped);
  });

  it("offline, a message waits as not sent; back online it is sent", () => {
    const waiting = run([{ type: "wait", message, reason: "You are offline." }]);
    expect(waiting).toMatchObject({ phase: "notSent", error: "You are offline." });
    expect(nextSendState(waiting, { type: "send", message }).phase).toBe("sending");
  });

  it("a message shown as not sent that did arrive settles, or follows its reply", () => {
    const lost = run([
      { type: "send", message },
      { type: "lost", reason: "x" },
    ]);
    expect(nextSendState(lost, { type: "arrived" })).toMatchObject({ phase: "settled", error: null });
    expect(phases([{ type: "resume" }, { type: "replyStarted" }, { type: "finished" }], lost)).toEqual([
      "resuming",
      "streaming",
      "settled",
    ]);
  });

  it("a page rendered while a reply streamed starts by resuming; a reply that already ended settles", () => {
    expect(initialSendState(true).phase).toBe("resuming");
    expect(run([{ type: "nothingToResume" }], initialSendState(true)).phase).toBe("settled");
    expect(run([{ type: "replyStarted" }, { type: "finished" }], initialSendState(true)).phase).toBe("settled");
  });

  it("a drop is only recorded once the request has ended, and the next request forgets it", () => {
    const streaming = run([{ type: "send", message }, { type: "replyStarted" }]);
    expect(nextSendState(streaming, { type: "dropped" })).toBe(streaming);
    const dropped = run([{ type: "lost", reason: "x" }, { type: "dropped" }], streaming);
    expect(dropped.disconnected).toBe(true);
    expect(nextSendState(dropped, { type: "resume" }).disconnected).toBe(false);
  });

  it("ignores what makes no sense in the current phase", () => {
    const sending = run([{ type: "send", message }]);
    const other = { id: "m2", text: "Another" };
    for (const event of [
      { type: "send", message: other },
      { type: "wait", message: other, reason: "offline" },
      { type: "regenerate" },
      { type: "resume" },
      { type: "arrived" },
      { type: "nothingToResume" },
    ] satisfies SendEvent[]) {
      expect(nextSendState(sending, event)).toBe(sending);
    }
    const idle = initialSendState(false);
    for (const event of [
      { type: "replyStarted" },
      { type: "finished" },
      { type: "stopped" },
      { type: "lost", reason: "x" },
    ] satisfies SendEvent[]) {
      expect(nextSendState(idle, event)).toBe(idle);
    }
  });
});

describe("SendMachine", () => {
  it("tells its listeners about changes only, and answers the state before each event", () => {
    const machine = new SendMachine(initialSendState(false));
    let calls = 0;
    const off = machine.subscribe(() => calls++);
    const before = machine.dispatch({ type: "send", message });
    expect(before.phase).toBe("idle");
    expect(machine.state.phase).toBe("sending");
    machine.dispatch({ type: "send", message });
    expect(calls).toBe(1);
    const inFlight = machine.dispatch({ type: "lost", reason: "x" });
    expect(inFlight.outgoing).toEqual(message);
    expect(calls).toBe(2);
    off();
    machine.dispatch({ type: "send", message });
    expect(calls).toBe(2);
  });
});
