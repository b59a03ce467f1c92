"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { notifyConversationsChanged } from "@/components/sidebar/sidebar";
import { announceTitle } from "@/components/sidebar/header-title";
import type { ActionResult } from "@/components/sidebar/types";
import { Composer, type ComposerHandle } from "./composer";
import { MessageList } from "./message-list";
import type { MessageActions } from "./message";
import { ModelPicker } from "./model-picker";
import { SystemPromptButton } from "./system-prompt-dialog";
import { describeApiError, mergeNewest } from "./chat-state";
import type { ChatMessage, ChatThreadPage, ModelOption } from "./types";

export interface ChatActions {
  loadThread: (input: {
    conversationId: string;
    leafId?: string | null;
    beforeId?: string | null;
  }) => Promise<ActionResult<ChatThreadPage>>;
  saveSettings: (input: { id: string; modelId?: string; systemPrompt?: string }) => Promise<ActionResult<null>>;
}

const SUGGESTIONS = [
  { title: "Do some maths", text: "What is (12 + 30) * 7?" },
  { title: "Write some code", text: "Show a TypeScript function that sums an array" },
  { title: "Tell a long story", text: "Tell me a long story" },
  { title: "Make a table", text: "Make a table of the planets" },
  { title: "Check the time", text: "What is the date and time right now?" },
  { title: "Find an old chat", text: "Search my conversations for Lisbon" },
];

export function ChatView({
  conversationId,
  initialMessages,
  initialHasMore,
  models,
  initialModelId,
  initialSystemPrompt,
  title,
  persisted,
  actions,
}: {
  conversationId: string;
  initialMessages: ChatMessage[];
  initialHasMore: boolean;
  models: ModelOption[];
  initialModelId: string;
  initialSystemPrompt: string;
  title: string | null;
  /** The conversation already exists on the server (false on a brand-new chat until the first send). */
  persisted: boolean;
  actions: ChatActions;
}) {
  const [draft, setDraft] = useState("");
  const [composerError, setComposerError] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(initialHasMore);
  const [modelId, setModelId] = useState(initialModelId);
  const [systemPrompt, setSystemPrompt] = useState(initialSystemPrompt);
  const [exists, setExists] = useState(persisted);
  const composer = useRef<ComposerHandle>(null);
  const modelRef = useRef(modelId);
  modelRef.current = modelId;
  const lastSent = useRef<string | null>(null);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: "/api/chat",
        prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => {
          const lastUserIndex = messages.findLastIndex((m) => m.role === "user");
          const userMessage = messages[lastUserIndex];
          if (!userMessage) throw new Error("There is no message to send.");
          return {
            body: {
              conversationId: id,
              message: { id: userMessage.id, role: "user", parts: userMessage.parts.filter((p) => p.type === "text") },
              parentId: messages[lastUserIndex - 1]?.id ?? null,
              modelId: modelRef.current,
              ...(trigger === "regenerate-message" && messageId ? { regenerate: { messageId } } : {}),
            },
          };
        },
      }),
    [],
  );

  const resync = useRef<(leafId?: string) => Promise<void>>(async () => {});

  const chat = useChat<ChatMessage>({
    id: conversationId,
    messages: initialMessages,
    transport,
    generateId: () => crypto.randomUUID(),
    resume: initialMessages.at(-1)?.metadata?.status === "streaming",
    experimental_throttle: 40,
    // The server names a new conversation while the first reply streams: show the title right away.
    onData: (part) => {
      if (part.type !== "data-title") return;
      const named = (part.data as { title?: unknown } | undefined)?.title;
      if (typeof named === "string" && named) {
        document.title = `${named} · Parley`;
        announceTitle(named);
      }
      notifyConversationsChanged();
    },
    onFinish: ({ message }) => {
      void resync.current(message.id);
      notifyConversationsChanged();
    },
    onError: (error) => {
      const { message, refused } = describeApiError(error);
      if (refused) {
        // Nothing was stored: put the text back in the box and drop the optimistic copy of the message.
        if (lastSent.current !== null) {
          const text = lastSent.current;
          setDraft((current) => current || text);
        }
        chat.setMessages((list) => {
          const last = list.at(-1);
          return last?.role === "user" && !last.metadata?.status ? list.slice(0, -1) : list;
        });
        setComposerError(message);
        if (lastSent.current === null) void resync.current();
      } else {
        void resync.current();
      }
    },
  });
  const { messages, setMessages, status } = chat;
  const streaming = status === "submitted" || status === "streaming";

  resync.current = async (leafId?: string) => {
    const result = await actions.loadThread({ conversationId, leafId: leafId ?? messages.at(-1)?.id ?? null });
    if (!result.ok) return;
    setMessages((current) => mergeNewest(current, result.data.messages));
  };

  const send = useCallback(() => {
    const text = draft;
    if (!text.trim()) return;
    setComposerError(null);
    lastSent.current = text;
    setDraft("");
    if (!exists) {
      setExists(true);
      window.history.replaceState(null, "", `/chat/${conversationId}`);
    }
    void chat.sendMessage({ text });
  }, [chat, conversationId, draft, exists]);

  const stop = useCallback(async () => {
    try {
      await fetch(`/api/chat/${conversationId}/stop`, { method: "POST" });
    } finally {
      await chat.stop();
      await resync.current();
    }
  }, [chat, conversationId]);

  const actionsRef = useRef({ chat, setHasMore, conversationId, loadThread: actions.loadThread });
  actionsRef.current = { chat, setHasMore, conversationId, loadThread: actions.loadThread };

  const messageActions: MessageActions = useMemo(
    () => ({
      edit: (message, text) => {
        const { chat } = actionsRef.current;
        setComposerError(null);
        const index = chat.messages.findIndex((m) => m.id === message.id);
        if (index === -1) return;
        lastSent.current = null;
        chat.setMessages(chat.messages.slice(0, index));
        void chat.sendMessage({ text });
      },
      regenerate: (message) => {
        setComposerError(null);
        void actionsRef.current.chat.regenerate({ messageId: message.id });
      },
      switchVersion: async (message, index) => {
        const { chat, conversationId, loadThread, setHasMore } = actionsRef.current;
        const target = message.metadata?.siblingIds?.[index];
        if (!target) return;
        const result = await loadThread({ conversationId, leafId: target });
        if (!result.ok) return setComposerError(result.error);
        chat.setMessages(result.data.messages);
        setHasMore(result.data.hasMore);
      },
    }),
    [],
  );

  const loadEarlier = useCallback(async () => {
    const first = messages[0];
    if (!first) return;
    const result = await actions.loadThread({ conversationId, beforeId: first.id });
    if (!result.ok) return;
    setMessages((current) => {
      const seen = new Set(current.map((m) => m.id));
      return [...result.data.messages.filter((m) => !seen.has(m.id)), ...current];
    });
    setHasMore(result.data.hasMore);
  }, [actions, conversationId, messages, setMessages]);

  // A reply that was streaming when the page was rendered may have ended before the resume request (204):
  // fetch its stored state once the resume attempt is over.
  const resumePending = useRef(initialMessages.at(-1)?.metadata?.status === "streaming");
  const sawBusy = useRef(false);
  useEffect(() => {
    if (!resumePending.current) return;
    if (status !== "ready") sawBusy.current = true;
    else if (sawBusy.current) {
      resumePending.current = false;
      void resync.current();
    }
  }, [status]);

  useEffect(() => {
    announceTitle(title);
    return () => announceTitle(null);
  }, [title]);

  // Ready to type again after each reply; not on touch screens, where focusing pops up the keyboard.
  useEffect(() => {
    if (!streaming && window.matchMedia("(pointer: fine)").matches) composer.current?.focus();
  }, [streaming]);

  const labels = useMemo(() => new Map(models.map((m) => [m.id, m.label])), [models]);

  const changeModel = async (id: string) => {
    setModelId(id);
    if (exists) {
      const result = await actions.saveSettings({ id: conversationId, modelId: id });
      if (!result.ok) setComposerError(result.error);
    }
  };

  const saveSystemPrompt = async (value: string) => {
    const result = await actions.saveSettings({ id: conversationId, systemPrompt: value, modelId });
    if (!result.ok) return result.error;
    setSystemPrompt(value);
    if (!exists) {
      setExists(true);
      window.history.replaceState(null, "", `/chat/${conversationId}`);
    }
    notifyConversationsChanged();
    return null;
  };

  const empty = messages.length === 0;

  return (
    <main className="flex min-h-0 flex-1 flex-col">
      {empty ? (
        <div className="flex flex-1 flex-col items-center justify-center px-4 pb-8 text-center">
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">What can I help with?</h1>
          <p className="mt-2 max-w-md text-sm text-zinc-500 dark:text-zinc-400">
            Ask anything. Replies stream in as they are written, and everything is saved to your history.
          </p>
          <ul aria-label="Suggestions" className="mt-8 grid w-full max-w-xl gap-2 sm:grid-cols-2">
            {SUGGESTIONS.map((suggestion) => (
              <li key={suggestion.text}>
                <button
                  type="button"
                  onClick={() => {
                    setDraft(suggestion.text);
                    composer.current?.focus();
                  }}
                  className="w-full rounded-xl border border-zinc-200 px-4 py-3 text-left text-sm transition-colors hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900"
                >
                  <span className="block font-medium">{suggestion.title}</span>
                  <span className="block truncate text-zinc-500 dark:text-zinc-400">{suggestion.text}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <h1 className="sr-only">{title ?? "Chat"}</h1>
          <MessageList
            messages={messages}
            hasMore={hasMore}
            onLoadEarlier={loadEarlier}
            status={status}
            labels={labels}
            actions={messageActions}
          />
        </>
      )}
      <div className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4 sm:pb-4">
        <Composer
          ref={composer}
          value={draft}
          onChange={(value) => {
            setDraft(value);
            if (composerError) setComposerError(null);
          }}
          onSend={send}
          onStop={stop}
          streaming={streaming}
          error={composerError}
          toolbar={
            <>
              <ModelPicker models={models} value={modelId} onChange={changeModel} disabled={streaming} />
              <SystemPromptButton value={systemPrompt} onSave={saveSystemPrompt} />
            </>
          }
        />
        <p className="mt-2 text-center text-xs text-zinc-500 dark:text-zinc-400">
          Models can be wrong. Check important information.
        </p>
      </div>
    </main>
  );
}
