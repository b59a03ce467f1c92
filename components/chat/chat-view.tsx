"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/action-result";
import { usePendingAttachments } from "./attachment-upload";
import { Composer, type ComposerHandle } from "./composer";
import { preloadMarkdown } from "./lazy-markdown";
import { MessageList } from "./message-list";
import { ModelPicker } from "./model-picker";
import { OfflineBanner } from "./offline-banner";
import { ReasoningEffortPicker } from "./reasoning-effort-picker";
import { ShareButton } from "./share-button";
import { SystemPromptButton } from "./system-prompt-dialog";
import { ToolsMenu } from "./tools-menu";
import type { ChatMessage, ChatThreadPage, ModelOption } from "./types";
import { useConversationChat } from "./use-conversation-chat";
import { preloadChatEngine } from "./use-lazy-chat";

/** Once the person starts writing, what sending and showing the reply need is fetched (if it is not yet). */
function preloadForReply(): void {
  preloadChatEngine().catch(() => {});
  preloadMarkdown();
}

export interface ChatActions {
  loadThread: (input: {
    conversationId: string;
    leafId?: string | null;
    beforeId?: string | null;
  }) => Promise<ActionState<ChatThreadPage>>;
  saveSettings: (input: { id: string; modelId?: string; systemPrompt?: string }) => Promise<ActionState<null>>;
  chooseBranch: (input: { conversationId: string; messageId: string }) => Promise<ActionState<null>>;
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
  canShare = true,
  unavailableModelId = null,
  toolsMenu = false,
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
  /** False when the person's role does not allow sharing links. */
  canShare?: boolean;
  /** The model this conversation used, when it is no longer offered (its connection or model was removed). */
  unavailableModelId?: string | null;
  /** Offer the Tools menu (the person's roles may use some MCP tool server). */
  toolsMenu?: boolean;
}) {
  const attachments = usePendingAttachments();
  const chat = useConversationChat({
    conversationId,
    initialMessages,
    initialHasMore,
    initialModelId,
    initialSystemPrompt,
    title,
    persisted,
    actions,
    restoreFiles: attachments.restore,
  });
  const composer = useRef<ComposerHandle>(null);
  const { messages, phase, streaming, draft, setDraft } = chat;

  // Ready to type again after each reply; not on touch screens, where focusing pops up the keyboard.
  useEffect(() => {
    if (streaming || !window.matchMedia("(pointer: fine)").matches) return;
    composer.current?.focus();
    // Ready to send: what the reply needs is fetched now (on a phone, once the person starts typing).
    preloadForReply();
  }, [streaming]);

  const labels = useMemo(() => new Map(models.map((m) => [m.id, m.label])), [models]);
  const [dragging, setDragging] = useState(false);
  const chosenModel = models.find((m) => m.id === chat.modelId);
  const blindToImages = attachments.hasImage && chosenModel && !chosenModel.vision;

  const empty = messages.length === 0;

  return (
    <main
      className="relative flex min-h-0 flex-1 flex-col"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target || !event.currentTarget.contains(event.relatedTarget as Node)) {
          setDragging(false);
        }
      }}
      onDrop={(event) => {
        if (!event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDragging(false);
        if (!streaming) attachments.add(Array.from(event.dataTransfer.files));
      }}
    >
      {dragging ? (
        <div className="pointer-events-none absolute inset-2 z-20 grid place-items-center rounded-2xl border-2 border-dashed border-blue-500 bg-white/80 text-lg font-medium text-blue-800 dark:bg-zinc-950/80 dark:text-blue-300">
          Drop files to attach them
        </div>
      ) : null}
      {chat.online ? null : <OfflineBanner />}
      {empty ? (
        // Scrolls on its own so the composer stays on screen on a phone; `m-auto` centres without clipping the top.
        <div className="flex min-h-0 flex-1 flex-col overflow-y-auto px-4 pb-4 text-center sm:pb-8">
          <div className="m-auto flex w-full flex-col items-center pt-4">
            <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">What can I help with?</h1>
            <p className="mt-2 hidden max-w-md text-sm text-zinc-500 sm:block dark:text-zinc-400">
              Ask anything. Replies stream in as they are written, and everything is saved to your history.
            </p>
            <ul aria-label="Suggestions" className="mt-6 grid w-full max-w-xl grid-cols-2 gap-2 sm:mt-8">
              {SUGGESTIONS.map((suggestion, index) => (
                // A phone shows the first four, so the composer and the keyboard keep their room.
                <li key={suggestion.text} className={index >= 4 ? "max-sm:hidden" : undefined}>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      preloadForReply();
                      setDraft(suggestion.text);
                      composer.current?.focus();
                    }}
                    className="h-full w-full flex-col items-start gap-0 rounded-xl border-zinc-200 bg-transparent px-3 py-2.5 text-left font-normal sm:px-4 sm:py-3 hover:bg-zinc-50 dark:border-zinc-800 dark:bg-transparent dark:hover:bg-zinc-900"
                  >
                    <span className="block font-medium">{suggestion.title}</span>
                    <span className="block w-full truncate text-zinc-600 dark:text-zinc-400">{suggestion.text}</span>
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : (
        <>
          <h1 className="sr-only">{title ?? "Chat"}</h1>
          <MessageList
            messages={messages}
            hasMore={chat.hasMore}
            onLoadEarlier={chat.loadEarlier}
            phase={phase}
            labels={labels}
            actions={chat.messageActions}
          />
        </>
      )}
      <div className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4 sm:pb-4">
        <Composer
          ref={composer}
          value={draft}
          onChange={(value) => {
            preloadForReply();
            setDraft(value);
          }}
          onSend={() => {
            preloadMarkdown();
            if (chat.send(attachments.parts)) attachments.clear();
          }}
          attachments={attachments}
          notice={
            blindToImages
              ? `${chosenModel.label} cannot see images: it will only be told their names and sizes. Choose a model that can, or send anyway.`
              : unavailableModelId && chat.modelId === initialModelId && chosenModel
                ? `“${unavailableModelId}”, the model of this conversation, is no longer available: replies now come from ${chosenModel.label}.`
                : null
          }
          onStop={chat.stop}
          streaming={streaming}
          error={chat.composerError}
          toolbar={
            <>
              <ModelPicker models={models} value={chat.modelId} onChange={chat.changeModel} disabled={streaming} />
              {chosenModel?.reasoningEffort ? <ReasoningEffortPicker disabled={streaming} /> : null}
              <SystemPromptButton value={chat.systemPrompt} onSave={chat.saveSystemPrompt} />
              {toolsMenu ? <ToolsMenu conversationId={conversationId} disabled={streaming} /> : null}
              {canShare ? (
                <ShareButton
                  conversationId={conversationId}
                  leafId={chat.messages.at(-1)?.id ?? null}
                  disabled={streaming}
                />
              ) : null}
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
