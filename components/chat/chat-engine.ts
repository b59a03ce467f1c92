"use client";

import { AbstractChat, type ChatInit, parseJsonEventStream, uiMessageChunkSchema } from "ai";
import type { EarlySends } from "./chat-request";
import type { ChatStore } from "./chat-store";
import { chatTransport } from "./chat-transport";
import type { ChatMessage } from "./types";

// The AI SDK's client (the chat, its transport and the stream parser with the zod schemas it validates chunks
// against) is a third of the chat page's JavaScript: this module is its own chunk, loaded by ./use-lazy-chat when
// the composer is used, the browser is idle, or a reply has to be followed.

class ParleyChat extends AbstractChat<ChatMessage> {}

export type EngineChat = AbstractChat<ChatMessage>;

export interface EngineOptions
  extends Pick<ChatInit<ChatMessage>, "id" | "generateId" | "onData" | "onFinish" | "onError"> {
  store: ChatStore<ChatMessage>;
  /** Sends this conversation started before the SDK asked for them. */
  early: EarlySends;
  currentModelId: () => string;
  onNothingToResume: () => void;
}

/** The SDK's chat over `store` (which keeps the messages it already holds), talking to /api/chat. */
export function createChat({ store, early, currentModelId, onNothingToResume, ...init }: EngineOptions): EngineChat {
  return new ParleyChat({
    ...init,
    state: store,
    transport: chatTransport({ currentModelId, onNothingToResume, early }),
  });
}

/**
 * Parses one made-up chunk of a reply stream: the SDK builds (and zod compiles) the chunk schema on first use,
 * about 10 ms that would otherwise delay the first reply's first words.
 */
export async function warmUp(): Promise<void> {
  const chunk = new TextEncoder().encode('data: {"type":"text-delta","id":"warm-up","delta":"."}\n\n');
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(chunk);
      controller.close();
    },
  });
  const reader = parseJsonEventStream({ stream, schema: uiMessageChunkSchema }).getReader();
  while (!(await reader.read()).done) {}
}
