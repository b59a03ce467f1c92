"use client";

import { useChat } from "@ai-sdk/react";
import type { FileUIPart } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useConversations } from "@/components/sidebar/conversations-context";
import type { ChatActions } from "./chat-view";
import { clearUnsent, describeApiError, markUnsent, mergeKeepingUnsent, unsentMessages } from "./chat-state";
import { chatTransport } from "./chat-transport";
import { readDraft, readUnsent, type UnsentMessage, writeDraft, writeUnsent } from "./drafts";
import type { MessageActions } from "./message";
import { useOnline } from "./use-online";
import { type ChatMessage, messageText } from "./types";

const OFFLINE_REASON = "You are offline. It will be sent when the connection is back.";

/**
 * One conversation's state in the browser: the thread (streamed by the AI SDK), the draft, sending with
 * nothing lost (a failed send stays on screen as "not sent" and is retried with the same id, so the server
 * never stores it twice), Stop, edits, branches and paging.
 */
export function useConversationChat({
  conversationId,
  initialMessages,
  initialHasMore,
  initialModelId,
  initialSystemPrompt,
  title,
  persisted,
  actions,
}: {
  conversationId: string;
  initialMessages: ChatMessage[];
  initialHasMore: boolean;
  initialModelId: string;
  initialSystemPrompt: string;
  title: string | null;
  persisted: boolean;
  actions: ChatActions;
}) {
  const shared = useConversations();
  const online = useOnline();
  const [draft, setDraftState] = useState("");
  const [composerError, setComposerError] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(initialHasMore);
  const [modelId, setModelId] = useState(initialModelId);
  const [systemPrompt, setSystemPrompt] = useState(initialSystemPrompt);
  const [exists, setExists] = useState(persisted);
  const draftId = exists ? conversationId : null;
  // Whether the server has this conversation: where a message that was not sent is kept until it is.
  const serverHas = useRef(persisted);
  const unsentKey = useCallback(() => (serverHas.current ? conversationId : null), [conversationId]);

  // The transport and the SDK's callbacks are created once; they read the current values through this.
  const live = useRef({ modelId, sending: null as UnsentMessage | null });
  live.current.modelId = modelId;

  const transport = useMemo(() => chatTransport(() => live.current.modelId), []);

  const resync = useRef<(leafId?: string) => Promise<ChatMessage[] | null>>(async () => null);
  const resumeIfStreaming = (page: ChatMessage[] | null) => {
    if (page?.at(-1)?.metadata?.status === "streaming") void chat.resumeStream();
  };

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
        shared.setTitle(named);
      }
      shared.listChanged();
    },
    onFinish: ({ message, isAbort, isError, isDisconnect, finishReason }) => {
      if (isAbort || isError || isDisconnect) return;
      live.current.sending = null;
      serverHas.current = true;
      writeUnsent(unsentKey(), null);
      // A stream that ended without its finish was cut off: the server is still writing the reply.
      void resync.current(message.id).then((page) => finishReason === "interrupted" && resumeIfStreaming(page));
      shared.listChanged();
    },
    onError: (error) => {
      const sending = live.current.sending;
      live.current.sending = null;
      const { message, refused } = describeApiError(error);
      if (refused) {
        // Nothing was stored: put the text back in the box and drop the optimistic copy of the message.
        if (sending) setDraft((current) => current || sending.text);
        chat.setMessages((list) => (sending ? list.filter((m) => m.id !== sending.id) : list));
        setComposerError(message);
        if (!sending) void resync.current();
        return;
      }
      if (!sending) {
        void resync.current();
        return;
      }
      // The server may or may not have it: show it as not sent, then ask; if it did arrive, follow its reply.
      chat.setMessages((list) => markUnsent(list, sending.id, message));
      writeUnsent(unsentKey(), sending);
      void resync.current(sending.id).then((page) => {
        if (page) {
          serverHas.current = true;
          writeUnsent(unsentKey(), null);
        } else if (!serverHas.current) {
          // A new chat whose first message never arrived: its address would be "not found" after a reload.
          setExists(false);
          window.history.replaceState(null, "", "/");
        }
        resumeIfStreaming(page);
      });
    },
  });
  const { messages, setMessages, status } = chat;
  const streaming = status === "submitted" || status === "streaming";
  const rendered = useRef(messages);
  rendered.current = messages;

  /**
   * Reloads the thread's newest page (ending below `leafId`) from the server and returns it; null when the
   * server could not be reached or does not have that message.
   */
  resync.current = async (leafId?: string) => {
    try {
      const unsent = unsentMessages(rendered.current);
      const anchor = leafId ?? rendered.current.findLast((m) => !unsent.includes(m))?.id ?? null;
      const result = await actions.loadThread({ conversationId, leafId: anchor });
      if (!result.ok) return null;
      setMessages((current) => mergeKeepingUnsent(current, result.data.messages));
      return result.data.messages;
    } catch {
      return null;
    }
  };

  const setDraft = useCallback(
    (next: string | ((current: string) => string)) =>
      setDraftState((current) => {
        const value = typeof next === "function" ? next(current) : next;
        writeDraft(draftId, value);
        return value;
      }),
    [draftId],
  );

  // The saved draft and a message that was not sent come back after a reload (read after mount: storage
  // exists only in the browser).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per conversation.
  useEffect(() => {
    const saved = readDraft(draftId);
    if (saved) setDraftState((current) => current || saved);
    const unsent = readUnsent(unsentKey());
    if (!unsent) return;
    if (initialMessages.some((m) => m.id === unsent.id)) return writeUnsent(unsentKey(), null);
    const message: ChatMessage = {
      id: unsent.id,
      role: "user",
      parts: [...(unsent.text ? [{ type: "text" as const, text: unsent.text }] : []), ...(unsent.files ?? [])],
    };
    setMessages((list) => markUnsent([...list, message], unsent.id, "It did not reach the server."));
  }, [conversationId]);

  const becomeReal = useCallback(() => {
    if (exists) return;
    setExists(true);
    writeDraft(null, "");
    window.history.replaceState(null, "", `/chat/${conversationId}`);
  }, [conversationId, exists]);

  /** Sends (or sends again) one of the person's messages with its own id; offline, it waits as not sent. */
  const deliver = useCallback(
    (message: ChatMessage, retry: boolean) => {
      const text = messageText(message);
      becomeReal();
      if (!navigator.onLine) {
        setMessages((list) => markUnsent(retry ? list : [...list, message], message.id, OFFLINE_REASON));
        writeUnsent(unsentKey(), { id: message.id, text, files: filePartsOf(message) });
        return;
      }
      live.current.sending = { id: message.id, text, files: filePartsOf(message) };
      if (retry) {
        setMessages((list) => list.map((m) => (m.id === message.id ? clearUnsent(m) : m)));
        void chat.sendMessage({ text, files: filePartsOf(message), messageId: message.id });
      } else {
        void chat.sendMessage(message);
      }
    },
    [becomeReal, chat, setMessages, unsentKey],
  );

  /** Sends the draft with these files; false when it could not be sent (the draft and files stay). */
  const send = useCallback(
    (files: FileUIPart[] = []): boolean => {
      const text = draft;
      if (!text.trim() && files.length === 0) return false;
      if (unsentMessages(rendered.current).length > 0) {
        setComposerError("Your last message has not been sent yet. Retry it first.");
        return false;
      }
      setComposerError(null);
      setDraft("");
      writeDraft(conversationId, "");
      const parts: ChatMessage["parts"] = [...(text.trim() ? [{ type: "text" as const, text }] : []), ...files];
      deliver({ id: crypto.randomUUID(), role: "user", parts }, false);
      return true;
    },
    [conversationId, deliver, draft, setDraft],
  );

  const retry = useCallback((message: ChatMessage) => deliver(message, true), [deliver]);

  // Back online: what waited is sent by itself.
  useEffect(() => {
    if (!online || streaming) return;
    const waiting = unsentMessages(rendered.current).at(-1);
    if (waiting?.metadata?.unsent === OFFLINE_REASON) retry(waiting);
  }, [online, streaming, retry]);

  const stop = useCallback(async () => {
    // What is on screen now is the reply: nothing that arrives after the click is shown or kept.
    const shown = rendered.current.at(-1);
    const reply = shown?.role === "assistant" ? shown : null;
    await chat.stop();
    if (reply) setMessages((list) => list.map((m) => (m.id === reply.id ? reply : m)));
    try {
      await fetch(`/api/chat/${conversationId}/stop`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(reply ? { messageId: reply.id, visibleChars: messageText(reply).length } : {}),
      });
    } catch {
      // Offline: the server finishes the reply on its own; the resync below shows what it has.
    }
    await resync.current();
  }, [chat, conversationId, setMessages]);

  const messageActions: MessageActions = useMemo(
    () => ({
      edit: (message, text) => {
        setComposerError(null);
        const index = rendered.current.findIndex((m) => m.id === message.id);
        if (index === -1) return;
        chat.setMessages(rendered.current.slice(0, index));
        // The edited copy carries the original's files.
        deliver(
          { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text }, ...filePartsOf(message)] },
          false,
        );
      },
      regenerate: (message) => {
        setComposerError(null);
        void chat.regenerate({ messageId: message.id });
      },
      retrySend: retry,
      switchVersion: async (message, index) => {
        const target = message.metadata?.siblingIds?.[index];
        if (!target) return;
        // Stored first, so a reload right after shows the same branch.
        const chosen = await actions.chooseBranch({ conversationId, messageId: target });
        if (!chosen.ok) return setComposerError(chosen.error);
        const result = await actions.loadThread({ conversationId, leafId: target });
        if (!result.ok) return setComposerError(result.error);
        chat.setMessages(result.data.messages);
        setHasMore(result.data.hasMore);
      },
    }),
    [actions, chat, conversationId, deliver, retry],
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

  // The header and the sidebar know which conversation is open (once it exists on the server).
  const { setOpen } = shared;
  useEffect(() => {
    if (!exists) return;
    setOpen({ id: conversationId, title });
    return () => setOpen(null);
  }, [conversationId, exists, setOpen, title]);

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
    becomeReal();
    shared.listChanged();
    return null;
  };

  return {
    messages,
    status,
    streaming,
    online,
    hasMore,
    loadEarlier,
    draft,
    setDraft: (value: string) => {
      setDraft(value);
      if (composerError) setComposerError(null);
    },
    composerError,
    send,
    stop,
    messageActions,
    modelId,
    changeModel,
    systemPrompt,
    saveSystemPrompt,
  };
}

function filePartsOf(message: ChatMessage): FileUIPart[] {
  return message.parts.filter((p): p is FileUIPart => p.type === "file");
}
