"use client";

import { useEffect, useRef } from "react";

export type DirectEventHandlers = {
  message?: (data: { message: import("./api").DirectMessageData; unread: number }) => void;
  read?: (data: { with: string; by: string; ids: string[]; read_at: string; unread: number }) => void;
  deleted?: (data: { id: string; with: string; unread: number }) => void;
};

/** Follows the signed-in person's direct-message events (server-sent events; the browser reconnects itself). */
export function useDirectEvents(handlers: DirectEventHandlers, after: number) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    // `after`: the feed position when the page was rendered, so nothing between render and connect is lost.
    const source = new EventSource(`/api/v1/direct-messages/events?after=${after}`);
    const listen = (kind: keyof DirectEventHandlers) => (event: MessageEvent<string>) => {
      const handler = latest.current[kind] as ((data: unknown) => void) | undefined;
      handler?.(JSON.parse(event.data));
    };
    const kinds: (keyof DirectEventHandlers)[] = ["message", "read", "deleted"];
    const listeners = kinds.map((kind) => [kind, listen(kind)] as const);
    for (const [kind, listener] of listeners) source.addEventListener(kind, listener);
    return () => {
      for (const [kind, listener] of listeners) source.removeEventListener(kind, listener);
      source.close();
    };
  }, [after]);
}
