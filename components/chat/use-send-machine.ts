"use client";

import { useState, useSyncExternalStore } from "react";
import { initialSendState, isActive, SendMachine, type SendState } from "./send-machine";

/**
 * One conversation's send state machine (see ./send-machine), created once and read by the components; the SDK's
 * callbacks dispatch to `machine` and read `machine.state` as it is at that moment.
 */
export function useSendMachine(resume: boolean): { machine: SendMachine; state: SendState; active: boolean } {
  const [machine] = useState(() => new SendMachine(initialSendState(resume)));
  const read = () => machine.state;
  const state = useSyncExternalStore(machine.subscribe, read, read);
  return { machine, state, active: isActive(state.phase) };
}
