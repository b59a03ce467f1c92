"use client";

import type { ReasoningEffort } from "@/lib/ai/reasoning-effort";
import { fileIdOf } from "./attachment-upload";
import { SendTimeoutError } from "./chat-state";
import type { ChatMessage } from "./types";

/** How long a send may wait for the server to start answering before it counts as failed (and can be retried). */
const SEND_TIMEOUT_MS = 30_000;

/** What POST /api/chat receives: only the newest message of the person travels (the server has the rest). */
export interface ChatRequestBody {
  conversationId: string;
  message: { id: string; role: "user"; parts: ChatMessage["parts"] };
  attachments: string[];
  parentId: string | null;
  modelId: string;
  reasoningEffort?: ReasoningEffort;
  regenerate?: { messageId: string };
}

/** The request body for the thread `messages` (ending with the person's message, or with a reply to regenerate). */
export function chatRequestBody({
  conversationId,
  messages,
  modelId,
  reasoningEffort,
  regenerateId,
}: {
  conversationId: string;
  messages: ChatMessage[];
  modelId: string;
  reasoningEffort?: ReasoningEffort;
  regenerateId?: string;
}): ChatRequestBody {
  const lastUserIndex = messages.findLastIndex((m) => m.role === "user");
  const userMessage = messages[lastUserIndex];
  if (!userMessage) throw new Error("There is no message to send.");
  return {
    conversationId,
    message: { id: userMessage.id, role: "user", parts: userMessage.parts.filter((p) => p.type === "text") },
    // The files travel by id (uploaded first); the server checks they are the sender's.
    attachments: userMessage.parts.flatMap((p) => {
      const id = p.type === "file" ? fileIdOf(p.url) : null;
      return id ? [id] : [];
    }),
    parentId: messages[lastUserIndex - 1]?.id ?? null,
    modelId,
    ...(reasoningEffort ? { reasoningEffort } : {}),
    ...(regenerateId ? { regenerate: { messageId: regenerateId } } : {}),
  };
}

/**
 * fetch that gives up when no response has started after SEND_TIMEOUT_MS. `follow` ties it to a caller's abort
 * signal (a Stop), now or later.
 */
export function fetchWithTimeout(input: RequestInfo | URL, init: RequestInit | undefined) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new SendTimeoutError()), SEND_TIMEOUT_MS);
  const follow = (outer: AbortSignal | null | undefined) => {
    if (outer?.aborted) controller.abort(outer.reason);
    outer?.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
  };
  follow(init?.signal);
  const response = fetch(input, { ...init, signal: controller.signal }).finally(() => clearTimeout(timer));
  return { response, follow };
}

/** A POST /api/chat already under way for one message of the person's. */
export interface EarlySend {
  response: Promise<Response>;
  /** Ties the request to the abort signal of whoever takes it over (a Stop then ends it). */
  follow: (signal?: AbortSignal | null) => void;
}

/**
 * One conversation's sends started in the click, before React renders the message and before the AI SDK (which
 * reaches fetch only after a few awaits, and may still be loading) asks for them; the SDK's transport takes the
 * one for its message (by id) instead of sending it again.
 */
export class EarlySends {
  #started = new Map<string, EarlySend>();

  /** Starts POST /api/chat for the person's new message now. */
  start(body: ChatRequestBody): void {
    const started = fetchWithTimeout("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    // An unhandled rejection is reported by whoever takes it; one nobody takes is not an error.
    started.response.catch(() => {});
    this.#started.set(body.message.id, started);
  }

  /** The send started for this message, once (a later retry of the same message sends again). */
  take(messageId: string | undefined): EarlySend | undefined {
    if (!messageId) return undefined;
    const started = this.#started.get(messageId);
    this.#started.delete(messageId);
    return started;
  }

  /** Forgets a started send the SDK did not ask for. */
  forget(messageId: string): void {
    this.#started.delete(messageId);
  }
}
