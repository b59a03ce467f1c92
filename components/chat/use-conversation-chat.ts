"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useConversations } from "@/components/sidebar/conversations-context";
import type { FilePartLike } from "./attachment-upload";
import type { ChatActions } from "./chat-view";
import { reloadNewestPage } from "./conversation/reload-thread";
import { replyStreamEvents, resumeReply } from "./conversation/reply-stream-events";
import { useChatSettings } from "./conversation/use-chat-settings";
import { useConversationExistence } from "./conversation/use-conversation-existence";
import { useEarlierMessages } from "./conversation/use-earlier-messages";
import { useMessageActions } from "./conversation/use-message-actions";
import { useMessageDelivery, useSendDraft } from "./conversation/use-message-delivery";
import { useSavedDraft } from "./conversation/use-saved-draft";
import { useStopReply } from "./conversation/use-stop-reply";
import { type ChatMessage, messageText } from "./types";
import { type ChatHandle, useLazyChat } from "./use-lazy-chat";
import { useOnline } from "./use-online";
import { useResumeWhenVisible } from "./use-resume-when-visible";
import { useSendMachine } from "./use-send-machine";

/**
 * One conversation's state in the browser: the thread (streamed by the AI SDK), the draft, sending with
 * nothing lost (a failed send stays on screen as "not sent" and is retried with the same id, so the server
 * never stores it twice), Stop, edits, branches and paging. Each of those is a hook in ./conversation; this
 * one wires them to the SDK's chat. Where a send is (sending, streaming, not sent, stopped…) is one state machine
 * (./send-machine): the SDK's events move it, and the components read its phase.
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
  restoreFiles,
}: {
  conversationId: string;
  initialMessages: ChatMessage[];
  initialHasMore: boolean;
  initialModelId: string;
  initialSystemPrompt: string;
  title: string | null;
  persisted: boolean;
  actions: ChatActions;
  /** Puts a refused message's files back among the composer's chips. */
  restoreFiles: (files: readonly FilePartLike[]) => void;
}) {
  const shared = useConversations();
  const resume = initialMessages.at(-1)?.metadata?.status === "streaming";
  const { machine, state: sendState, active: streaming } = useSendMachine(resume);
  const online = useOnline();
  const [composerError, setComposerError] = useState<string | null>(null);
  const { exists, serverHas, unsentKey, becomeReal, becomeNew } = useConversationExistence(conversationId, persisted);
  const { draft, setDraft } = useSavedDraft(conversationId, exists ? conversationId : null);
  const settings = useChatSettings({
    actions,
    conversationId,
    exists,
    initialModelId,
    initialSystemPrompt,
    becomeReal,
    listChanged: shared.listChanged,
    setComposerError,
  });

  // The SDK's chat and its callbacks outlive renders: what they read of the latest render is in `live` (the
  // one place this hook reaches past React), everything else they need is stable or in the send machine.
  const live = useRef({ modelId: settings.modelId, restoreFiles, chat: null as ChatHandle | null });
  live.current.modelId = settings.modelId;
  live.current.restoreFiles = restoreFiles;
  // The messages on screen, for the sub-hooks' handlers (a click reads what is shown when it happens).
  const shown = useRef<ChatMessage[]>(initialMessages);
  // A model that names the conversation at once sends the title before the reply's first words: the sidebar's
  // reload (a request to the same server) waits until they are on screen, so it does not hold them back.
  const [namedBeforeText, setNamedBeforeText] = useState(false);
  const resync = useCallback(
    (leafId?: string) => {
      const chat = live.current.chat;
      if (!chat) return Promise.resolve(null);
      return reloadNewestPage({ actions, conversationId, shown: shown.current, setMessages: chat.setMessages, leafId });
    },
    [actions, conversationId],
  );

  const chat = useLazyChat({
    id: conversationId,
    messages: initialMessages,
    resume,
    throttleMs: 40,
    currentModelId: () => live.current.modelId,
    // A reply that was streaming when the page was rendered may have ended before the resume request (204):
    // its stored state is fetched then. The SDK goes straight back to "ready" in that case, with no event.
    onNothingToResume: () => {
      machine.dispatch({ type: "nothingToResume" });
      void resync();
    },
    ...replyStreamEvents({
      chat: () => live.current.chat as ChatHandle,
      machine,
      serverHas,
      unsentKey,
      resync,
      setTitle: shared.setTitle,
      replied: () => shared.replied(conversationId),
      named: () => setNamedBeforeText(true),
      putBackDraft: (text) => setDraft((current) => current || text),
      putBackFiles: (files) => live.current.restoreFiles(files),
      setComposerError,
      becomeNew,
    }),
  });
  live.current.chat = chat;
  const { messages, status } = chat;
  shown.current = messages;
  useEffect(() => {
    if (status === "streaming") machine.dispatch({ type: "replyStarted" });
  }, [status, machine]);
  useResumeWhenVisible(machine, () => resumeReply(chat, machine));
  const { listChanged } = shared;
  useEffect(() => {
    if (!namedBeforeText) return;
    const last = messages.at(-1);
    if (streaming && !(last?.role === "assistant" && messageText(last))) return;
    setNamedBeforeText(false);
    listChanged();
  }, [namedBeforeText, messages, streaming, listChanged]);

  const { deliver, retry } = useMessageDelivery({
    chat,
    conversationId,
    initialMessages,
    shown,
    machine,
    unsentKey,
    becomeReal,
    online,
    streaming,
  });
  const send = useSendDraft({ conversationId, draft, setDraft, shown, deliver, setComposerError });
  const stop = useStopReply({ chat, machine, conversationId, shown, resync });
  const { hasMore, loadEarlier, showPage } = useEarlierMessages({ actions, chat, conversationId, initialHasMore });
  const messageActions = useMessageActions({
    actions,
    chat,
    machine,
    conversationId,
    shown,
    deliver,
    retry,
    showPage,
    setComposerError,
  });

  // The header and the sidebar know which conversation is open (once it exists on the server).
  const { setOpen } = shared;
  useEffect(() => {
    if (!exists) return;
    setOpen({ id: conversationId, title });
    return () => setOpen(null);
  }, [conversationId, exists, setOpen, title]);

  return {
    messages,
    /** Where the send is (see ./send-machine); `streaming` while a request is in flight. */
    phase: sendState.phase,
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
    ...settings,
  };
}
