import type { ChatInit } from "ai";
import type { RefObject } from "react";
import { describeApiError, markUnsent } from "../chat-state";
import { type UnsentMessage, writeUnsent } from "../drafts";
import type { SendMachine } from "../send-machine";
import type { ChatMessage } from "../types";
import type { ChatHandle } from "../use-lazy-chat";

export interface ReplyStreamContext {
  /** The SDK's helpers, once `useChat` has returned (the callbacks run only after that). */
  chat: () => ChatHandle;
  /** The send state: what is in flight, and where each event of the stream takes it. */
  machine: SendMachine;
  serverHas: RefObject<boolean>;
  unsentKey: () => string | null;
  resync: (leafId?: string) => Promise<ChatMessage[] | null>;
  setTitle: (title: string) => void;
  /** A reply ended and is stored: the sidebar moves its conversation to the top (no reload). */
  replied: () => void;
  /** The conversation was just named: the sidebar's list is to be reloaded (useConversationChat says when). */
  named: () => void;
  putBackDraft: (text: string) => void;
  /** A refused message's files go back to the composer as chips. */
  putBackFiles: (files: NonNullable<UnsentMessage["files"]>) => void;
  setComposerError: (message: string) => void;
  /** A new chat whose first message never arrived goes back to being new. */
  becomeNew: () => void;
}

/** Follows the reply the server is writing now. */
export function resumeReply(chat: ChatHandle, machine: SendMachine): void {
  machine.dispatch({ type: "resume" });
  void chat.resumeStream();
}

/** Follows a reply the server is still writing (its page ends with a streaming message). */
export function resumeIfStreaming(chat: ChatHandle, machine: SendMachine, page: ChatMessage[] | null): void {
  if (page?.at(-1)?.metadata?.status === "streaming") resumeReply(chat, machine);
}

/**
 * What happens as a reply streams: the new conversation's title, the finish, and failures, where nothing
 * the person typed is lost (a refused message goes back into the box, with its files; one that may not have arrived is
 * shown as not sent, then the server is asked). Each one moves the send state machine.
 */
export function replyStreamEvents(
  context: ReplyStreamContext,
): Pick<ChatInit<ChatMessage>, "onData" | "onFinish" | "onError"> {
  const { chat, machine, serverHas, unsentKey, resync } = context;
  return {
    // The server names a new conversation while the first reply streams: show the title right away.
    onData: (part) => {
      if (part.type !== "data-title") return;
      const named = (part.data as { title?: unknown } | undefined)?.title;
      if (typeof named === "string" && named) {
        document.title = `${named} · Parley`;
        context.setTitle(named);
      }
      context.named();
    },
    onFinish: ({ message, isAbort, isError, isDisconnect, finishReason }) => {
      if (isDisconnect) machine.dispatch({ type: "dropped" });
      if (isAbort || isError || isDisconnect) return;
      machine.dispatch({ type: "finished" });
      serverHas.current = true;
      writeUnsent(unsentKey(), null);
      context.replied();
      // The stored reply's finish says where it and the person's message now sit in the tree: nothing to read.
      const branch = message.metadata?.parentBranch;
      if (branch && finishReason !== "interrupted") {
        chat().setMessages((list) => withParentBranch(list, branch));
        return;
      }
      // Read the stored thread instead. A stream that ended without its finish was cut off: the server is
      // still writing the reply.
      void resync(message.id).then(
        (page) => finishReason === "interrupted" && resumeIfStreaming(chat(), machine, page),
      );
    },
    onError: (error) => {
      const { message, refused } = describeApiError(error);
      const sent = machine.dispatch(
        refused ? { type: "refused", reason: message } : { type: "lost", reason: message },
      ).outgoing;
      if (refused) {
        // Nothing was stored: put the text and the files back in the box and drop the optimistic copy.
        if (sent) context.putBackDraft(sent.text);
        if (sent?.files?.length) context.putBackFiles(sent.files);
        chat().setMessages((list) => (sent ? list.filter((m) => m.id !== sent.id) : list));
        context.setComposerError(message);
        if (!sent) void resync();
        return;
      }
      if (!sent) {
        void resync();
        return;
      }
      // The server may or may not have it: show it as not sent, then ask; if it did arrive, follow its reply.
      chat().setMessages((list) => markUnsent(list, sent.id, message));
      writeUnsent(unsentKey(), sent);
      void resync(sent.id).then((page) => {
        if (page) {
          serverHas.current = true;
          writeUnsent(unsentKey(), null);
          machine.dispatch({ type: "arrived" });
        } else if (!serverHas.current) {
          context.becomeNew();
        }
        resumeIfStreaming(chat(), machine, page);
      });
    },
  };
}

/** The person's message with the versions the reply's finish reported (an edit adds one). */
export function withParentBranch(
  list: ChatMessage[],
  branch: NonNullable<NonNullable<ChatMessage["metadata"]>["parentBranch"]>,
): ChatMessage[] {
  return list.map((m) =>
    m.id === branch.id
      ? { ...m, metadata: { ...m.metadata, siblingIds: branch.siblingIds, siblingIndex: branch.siblingIndex } }
      : m,
  );
}
