"use server";

import { z } from "zod";
import type { ConversationPage } from "@/components/sidebar/types";
import type { ActionResult } from "@/lib/action-result";
import { requireUser } from "@/lib/auth/current-user";
import {
  deleteConversationPermanently,
  emptyTrash,
  getOrCreateConversation,
  MAX_SYSTEM_PROMPT_LENGTH,
  MAX_TITLE_LENGTH,
  moveConversationToTrash,
  restoreConversation,
  setCurrentLeaf,
  updateConversation,
} from "@/lib/db/conversations";
import { getThread } from "@/lib/db/messages";
import { toAppError } from "@/lib/errors";
import { parseWith } from "@/lib/http";
import { hasVisibleText } from "@/lib/text";
import { conversationPage } from "./conversation-pages";
import { log } from "@/lib/log";
import { toChatMessages, type ChatThreadPage } from "@/components/chat/types";

const Id = z.uuid();

/** Runs an action body, turning thrown errors into a message that is safe to show. */
async function run<T>(name: string, body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.kind !== "internal") return { ok: false, error: appError.message };
    log.error("action.failed", { action: name, error });
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}

const ListInput = z.object({
  cursor: z.string().max(1000).nullish(),
  q: z.string().max(200).optional(),
  view: z.enum(["active", "archived", "trash"]).optional(),
});

export async function listConversationsAction(
  input: z.infer<typeof ListInput>,
): Promise<ActionResult<ConversationPage>> {
  return run("conversations.list", async () => {
    const user = await requireUser();
    const { cursor, q, view = "active" } = parseWith(ListInput, input);
    return conversationPage({ userId: user.id, view, cursor, q });
  });
}

const RenameInput = z.object({
  id: Id,
  title: z
    .string()
    .trim()
    .min(1)
    .max(MAX_TITLE_LENGTH)
    .refine(hasVisibleText, "A title needs at least one visible character."),
});
export async function renameConversationAction(input: z.infer<typeof RenameInput>): Promise<ActionResult> {
  return run("conversations.rename", async () => {
    const user = await requireUser();
    const { id, title } = parseWith(RenameInput, input);
    await updateConversation({ id, userId: user.id, patch: { title } });
    return null;
  });
}

const PinInput = z.object({ id: Id, pinned: z.boolean() });
export async function setPinnedAction(input: z.infer<typeof PinInput>): Promise<ActionResult> {
  return run("conversations.pin", async () => {
    const user = await requireUser();
    const { id, pinned } = parseWith(PinInput, input);
    await updateConversation({ id, userId: user.id, patch: { pinned } });
    return null;
  });
}

const ArchiveInput = z.object({ id: Id, archived: z.boolean() });
export async function setArchivedAction(input: z.infer<typeof ArchiveInput>): Promise<ActionResult> {
  return run("conversations.archive", async () => {
    const user = await requireUser();
    const { id, archived } = parseWith(ArchiveInput, input);
    await updateConversation({ id, userId: user.id, patch: { archived } });
    return null;
  });
}

const IdInput = z.object({ id: Id });
export async function trashConversationAction(input: z.infer<typeof IdInput>): Promise<ActionResult> {
  return run("conversations.trash", async () => {
    const user = await requireUser();
    await moveConversationToTrash({ id: parseWith(IdInput, input).id, userId: user.id });
    return null;
  });
}

export async function restoreConversationAction(input: z.infer<typeof IdInput>): Promise<ActionResult> {
  return run("conversations.restore", async () => {
    const user = await requireUser();
    await restoreConversation({ id: parseWith(IdInput, input).id, userId: user.id });
    return null;
  });
}

export async function deleteConversationAction(input: z.infer<typeof IdInput>): Promise<ActionResult> {
  return run("conversations.delete", async () => {
    const user = await requireUser();
    await deleteConversationPermanently({ id: parseWith(IdInput, input).id, userId: user.id });
    return null;
  });
}

export async function emptyTrashAction(): Promise<ActionResult<number>> {
  return run("conversations.emptyTrash", async () => {
    const user = await requireUser();
    return emptyTrash({ userId: user.id });
  });
}

const SettingsInput = z.object({
  id: Id,
  modelId: z.string().min(1).max(200).optional(),
  systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_LENGTH).optional(),
});
/** Model and system prompt are remembered per conversation; a new chat's row is created on first change. */
export async function saveChatSettingsAction(input: z.infer<typeof SettingsInput>): Promise<ActionResult> {
  return run("conversations.settings", async () => {
    const user = await requireUser();
    const { id, modelId, systemPrompt } = parseWith(SettingsInput, input);
    await getOrCreateConversation({ id, userId: user.id });
    await updateConversation({
      id,
      userId: user.id,
      patch: {
        ...(modelId !== undefined ? { modelId } : {}),
        ...(systemPrompt !== undefined ? { systemPrompt } : {}),
      },
    });
    return null;
  });
}

const ThreadInput = z.object({
  conversationId: Id,
  leafId: z.string().min(1).max(100).nullish(),
  beforeId: z.string().min(1).max(100).nullish(),
});
/** A page of the visible thread: the newest messages, a branch (leafId), or older ones (beforeId). */
export async function loadThreadAction(input: z.infer<typeof ThreadInput>): Promise<ActionResult<ChatThreadPage>> {
  return run("thread.load", async () => {
    const user = await requireUser();
    const { conversationId, leafId, beforeId } = parseWith(ThreadInput, input);
    const thread = await getThread({ conversationId, userId: user.id, leafId, beforeId, limit: 50 });
    return { messages: toChatMessages(thread.messages), hasMore: thread.hasMore };
  });
}

const BranchInput = z.object({ conversationId: Id, messageId: z.string().min(1).max(100) });
/** Remembers the branch the person switched to, so a reload and their other devices show the same one. */
export async function chooseBranchAction(input: z.infer<typeof BranchInput>): Promise<ActionResult> {
  return run("thread.branch", async () => {
    const user = await requireUser();
    const { conversationId, messageId } = parseWith(BranchInput, input);
    await setCurrentLeaf({ id: conversationId, userId: user.id, messageId });
    return null;
  });
}
