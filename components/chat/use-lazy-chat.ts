"use client";

import type { ChatInit, ChatStatus } from "ai";
import { useEffect, useMemo, useRef, useState } from "react";
import type { EngineChat } from "./chat-engine";
import { chatRequestBody, EarlySends } from "./chat-request";
import { ChatStore, rendersAtOnce } from "./chat-store";
import { currentReasoningEffort } from "./reasoning-effort";
import type { ChatMessage } from "./types";

type Engine = typeof import("./chat-engine");

let engine: Engine | undefined;
let loading: Promise<Engine> | undefined;

/**
 * Starts loading the AI SDK's client (./chat-engine, its own chunk). Called once the chat is on screen, when the
 * composer is typed in, and by anything that needs the chat; a failed download is tried again next time.
 */
export function preloadChatEngine(): Promise<Engine> {
  loading ??= import("./chat-engine").then(
    (loaded) => {
      engine = loaded;
      // In a task of its own, so the first reply's first chunk does not pay for building the stream's schema.
      setTimeout(loaded.warmUp, 0);
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** What the conversation's hooks use of the chat: the same calls as the AI SDK's `useChat` helpers. */
export interface ChatHandle {
  messages: ChatMessage[];
  status: ChatStatus;
  setMessages: (messages: ChatMessage[] | ((messages: ChatMessage[]) => ChatMessage[])) => void;
  sendMessage: (message: NonNullable<Parameters<EngineChat["sendMessage"]>[0]>) => Promise<void>;
  regenerate: (options: { messageId: string }) => Promise<void>;
  stop: () => Promise<void>;
  resumeStream: () => Promise<void>;
}

type Callbacks = Pick<ChatInit<ChatMessage>, "onData" | "onFinish" | "onError">;

interface Snapshot {
  messages: ChatMessage[];
  status: ChatStatus;
  error: Error | undefined;
}

/**
 * The AI SDK's `useChat`, with the SDK loaded only when it is needed: the thread is shown, paged and edited from
 * the first render through a `ChatStore`, which the SDK's chat takes over once its chunk has loaded (right after
 * the page is interactive, so a send rarely waits for it). Streamed updates render at
 * most every `throttleMs`, except a new message and a reply's first text, which render at once.
 */
export function useLazyChat({
  id,
  messages: initialMessages,
  resume,
  throttleMs,
  currentModelId,
  onNothingToResume,
  ...callbacks
}: Callbacks & {
  id: string;
  messages: ChatMessage[];
  /** Follow a reply that was still streaming when the page was rendered. */
  resume: boolean;
  throttleMs: number;
  currentModelId: () => string;
  /** A reply to resume had already ended (the resume request answered 204). */
  onNothingToResume: () => void;
}): ChatHandle {
  const [store] = useState(() => new ChatStore<ChatMessage>(initialMessages));
  const [early] = useState(() => new EarlySends());
  // The SDK's chat is created once; its callbacks read the latest ones through this ref.
  const latest = useRef({ ...callbacks, currentModelId, onNothingToResume });
  latest.current = { ...callbacks, currentModelId, onNothingToResume };
  const chat = useRef<EngineChat | null>(null);

  const handle = useMemo(() => {
    const create = (loaded: Engine) =>
      (chat.current ??= loaded.createChat({
        id,
        store,
        early,
        generateId: () => crypto.randomUUID(),
        currentModelId: () => latest.current.currentModelId(),
        onNothingToResume: () => latest.current.onNothingToResume(),
        onData: (part) => latest.current.onData?.(part),
        onFinish: (event) => latest.current.onFinish?.(event),
        onError: (error) => latest.current.onError?.(error),
      }));
    // The chunk could not be loaded: reported like a failed request (the SDK reports its own failures).
    const notLoaded = (error: unknown) => {
      if (chat.current) throw error;
      latest.current.onError?.(error instanceof Error ? error : new Error(String(error)));
    };
    // Synchronous once the chunk is here, so a send starts its request in the same task as the click.
    const withChat = <T>(run: (c: EngineChat) => Promise<T>): Promise<T> =>
      engine ? run(create(engine)) : preloadChatEngine().then((loaded) => run(create(loaded)));
    return {
      setMessages: (messages: ChatMessage[] | ((messages: ChatMessage[]) => ChatMessage[])) => {
        store.messages = typeof messages === "function" ? messages(store.messages) : messages;
      },
      sendMessage: (message: Parameters<ChatHandle["sendMessage"]>[0]) => {
        const whole = message as Partial<ChatMessage>;
        // A new message of the person: its request leaves now, whatever React and the SDK still have to do.
        const first = whole.id && whole.parts && whole.role === "user" ? whole.id : null;
        if (first) {
          const messages = [...store.messages, whole as ChatMessage];
          early.start(
            chatRequestBody({
              conversationId: id,
              messages,
              modelId: latest.current.currentModelId(),
              reasoningEffort: currentReasoningEffort(),
            }),
          );
        }
        return withChat((c) => c.sendMessage(message))
          .catch((error: unknown) => {
            // The chunk could not be loaded: the message is kept on screen and handled as a failed send.
            if (chat.current) throw error;
            if (whole.id && whole.parts && !store.messages.some((m) => m.id === whole.id)) {
              store.pushMessage(whole as ChatMessage);
            }
            latest.current.onError?.(error instanceof Error ? error : new Error(String(error)));
          })
          .finally(() => first && early.forget(first));
      },
      regenerate: (options: { messageId: string }) => withChat((c) => c.regenerate(options)).catch(notLoaded),
      stop: async () => {
        await chat.current?.stop();
      },
      resumeStream: () => withChat((c) => c.resumeStream()).catch(notLoaded),
    };
  }, [id, store, early]);

  const [snapshot, setSnapshot] = useState<Snapshot>(() => ({
    messages: store.messages,
    status: store.status,
    error: store.error,
  }));

  useEffect(() => {
    let subscribed = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastPublished = 0;
    let shown = store.messages;
    const publish = () => {
      clearTimeout(timer);
      timer = undefined;
      if (!subscribed) return;
      lastPublished = Date.now();
      shown = store.messages;
      const next = { messages: store.messages, status: store.status, error: store.error };
      setSnapshot((current) =>
        current.messages === next.messages && current.status === next.status && current.error === next.error
          ? current
          : next,
      );
    };
    const messagesChanged = () => {
      if (rendersAtOnce(shown, store.messages)) return publish();
      const wait = throttleMs - (Date.now() - lastPublished);
      if (wait <= 0) publish();
      else timer ??= setTimeout(publish, wait);
    };
    const unsubscribe = [store.onMessages(messagesChanged), store.onState(publish)];
    // Changes between the render and this subscription.
    publish();
    return () => {
      subscribed = false;
      clearTimeout(timer);
      for (const off of unsubscribe) off();
    };
  }, [store, throttleMs]);

  // Leaving the conversation ends its request (the server keeps writing the reply).
  useEffect(
    () => () => {
      void chat.current?.stop();
    },
    [],
  );

  // Follows a reply that was streaming when the page was rendered.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per conversation.
  useEffect(() => {
    if (resume && store.status !== "submitted" && store.status !== "streaming") void handle.resumeStream();
  }, []);

  // Fetched as soon as the page is interactive (not part of what it needs to show and hydrate), so a send
  // rarely waits for it.
  useEffect(() => {
    preloadChatEngine().catch(() => {});
  }, []);

  return { ...handle, messages: snapshot.messages, status: snapshot.status };
}
