"use client";

import { useEffect, useRef } from "react";
import { isActive, type SendMachine } from "./send-machine";

/**
 * When the tab comes back after the network dropped a reply in the background (phones end a hidden tab's
 * requests), the reply is followed again. The machine says whether the last request ended in a drop, from the
 * SDK's public `onFinish({ isDisconnect })`, so no private SDK method is needed.
 */
export function useResumeWhenVisible(machine: SendMachine, resume: () => void): void {
  const latest = useRef(resume);
  latest.current = resume;
  useEffect(() => {
    const onVisible = () => {
      const { phase, disconnected } = machine.state;
      if (document.visibilityState === "visible" && disconnected && !isActive(phase)) latest.current();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [machine]);
}
