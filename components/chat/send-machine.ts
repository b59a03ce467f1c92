import type { UnsentMessage } from "./drafts";

/**
 * Where one conversation's send is, as the components see it:
 * - `idle`: nothing has been sent since the page was shown;
 * - `sending`: the person's message (or a regenerate) has left and no reply has started yet;
 * - `resuming`: asking the server for a reply it is still writing (on load, after a drop);
 * - `streaming`: the reply's words are arriving;
 * - `settled`: the reply ended on its own (done, or cut off and then followed again);
 * - `notSent`: the person's message may not have reached the server: it stays on screen with Retry (same id);
 * - `stopped`: the person pressed Stop; what was on screen is the reply;
 * - `failed`: the server refused the message (it went back into the box) or a reply failed with nothing to retry.
 */
export type SendPhase = "idle" | "sending" | "resuming" | "streaming" | "settled" | "notSent" | "stopped" | "failed";

export interface SendState {
  phase: SendPhase;
  /** The person's message in flight, with its files: what a failure puts back or keeps as not sent. */
  outgoing: UnsentMessage | null;
  /** Why the last send failed or was not sent, in words a person can act on. */
  error: string | null;
  /** The last request ended because the network dropped: the reply can be followed again (when the tab is back). */
  disconnected: boolean;
}

export type SendEvent =
  /** The person's message leaves (a new one, or a retry under the same id). */
  | { type: "send"; message: UnsentMessage }
  /** Offline: the message waits on screen as not sent. */
  | { type: "wait"; message: UnsentMessage; reason: string }
  | { type: "regenerate" }
  /** Follow a reply the server is still writing. */
  | { type: "resume" }
  /** The reply's first chunk arrived. */
  | { type: "replyStarted" }
  /** The reply's stream ended on its own. */
  | { type: "finished" }
  /** The stream ended because the person pressed Stop (or left). */
  | { type: "stopped" }
  /** The server said no to the message: retrying it as is will not help. */
  | { type: "refused"; reason: string }
  /** The request failed in a way that may or may not have reached the server. */
  | { type: "lost"; reason: string }
  /** The request that just failed ended because the network dropped (the SDK says so after the failure). */
  | { type: "dropped" }
  /** The server has the message after all (a reload showed it): it is no longer "not sent". */
  | { type: "arrived" }
  /** The reply to resume had already ended (the resume request answered 204). */
  | { type: "nothingToResume" };

export const initialSendState = (resume: boolean): SendState => ({
  phase: resume ? "resuming" : "idle",
  outgoing: null,
  error: null,
  disconnected: false,
});

const ACTIVE: ReadonlySet<SendPhase> = new Set(["sending", "resuming", "streaming"]);

/** A request is in flight: Send becomes Stop, and editing, regenerating and switching models wait. */
export const isActive = (phase: SendPhase): boolean => ACTIVE.has(phase);

/**
 * The only way the send state changes. An event that makes no sense in the current phase (a second send while one
 * is in flight, a finish after Stop) leaves the state as it is.
 */
export function nextSendState(state: SendState, event: SendEvent): SendState {
  const active = isActive(state.phase);
  switch (event.type) {
    case "send":
      return active ? state : { phase: "sending", outgoing: event.message, error: null, disconnected: false };
    case "wait":
      return active ? state : { phase: "notSent", outgoing: null, error: event.reason, disconnected: false };
    case "regenerate":
      return active ? state : { phase: "sending", outgoing: null, error: null, disconnected: false };
    case "resume":
      // A message shown as not sent that did reach the server keeps its id; its reply is followed.
      return active ? state : { ...state, phase: "resuming", error: null, disconnected: false };
    case "replyStarted":
      return state.phase === "sending" || state.phase === "resuming" ? { ...state, phase: "streaming" } : state;
    case "finished":
      return active ? { ...state, phase: "settled", outgoing: null } : state;
    case "stopped":
      return active ? { ...state, phase: "stopped", outgoing: null } : state;
    case "refused":
      return active ? { phase: "failed", outgoing: null, error: event.reason, disconnected: false } : state;
    case "lost": {
      if (!active) return state;
      // Only a message of the person's can be not sent; a regenerate or a resume that failed just failed.
      const phase = state.outgoing ? "notSent" : "failed";
      return { phase, outgoing: null, error: event.reason, disconnected: false };
    }
    case "dropped":
      return active || state.disconnected ? state : { ...state, disconnected: true };
    case "arrived":
      return state.phase === "notSent" ? { ...state, phase: "settled", error: null } : state;
    case "nothingToResume":
      return state.phase === "resuming" ? { ...state, phase: "settled" } : state;
  }
}

/**
 * The send state of one conversation as a small store: the SDK's callbacks read it synchronously (they outlive
 * renders), and the components subscribe to it (see useSendMachine).
 */
export class SendMachine {
  #state: SendState;
  #listeners = new Set<() => void>();

  constructor(initial: SendState) {
    this.#state = initial;
  }

  get state(): SendState {
    return this.#state;
  }

  /** Applies one event; answers the state before it (what a failure handler needs to know what was in flight). */
  dispatch = (event: SendEvent): SendState => {
    const before = this.#state;
    this.#state = nextSendState(before, event);
    if (this.#state !== before) for (const listener of this.#listeners) listener();
    return before;
  };

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}
