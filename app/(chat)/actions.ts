"use server";

import { z } from "zod";
import { toChatMessages } from "@/components/chat/types";
import { action } from "@/lib/action";
import { getModel } from "@/lib/ai/providers";
import { getPermissions, modelAllowed, modelForbidden } from "@/lib/auth/permissions";
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
import { hasVisibleText } from "@/lib/text";
import { conversationPage } from "./conversation-pages";

const Id = z.uuid();
const NoInput = z.object({}).optional();

const ListInput = z.object({
  cursor: z.string().max(1000).nullish(),
  q: z.string().max(200).optional(),
  view: z.enum(["active", "archived", "trash"]).optional(),
});

export const listConversationsAction = action(
  { name: "conversations.list", input: ListInput },
  async ({ cursor, q, view = "active" }, user) => conversationPage({ userId: user.id, view, cursor, q }),
);

const RenameInput = z.object({
  id: Id,
  title: z
    .string()
    .trim()
    .min(1)
    .max(MAX_TITLE_LENGTH)
    .refine(hasVisibleText, "A title needs at least one visible character."),
});
export const renameConversationAction = action(
  { name: "conversations.rename", input: RenameInput },
  async ({ id, title }, user) => {
    await updateConversation({ id, userId: user.id, patch: { title } });
    return null;
  },
);

const PinInput = z.object({ id: Id, pinned: z.boolean() });
export const setPinnedAction = action({ name: "conversations.pin", input: PinInput }, async ({ id, pinned }, user) => {
  await updateConversation({ id, userId: user.id, patch: { pinned } });
  return null;
});

const ArchiveInput = z.object({ id: Id, archived: z.boolean() });
export const setArchivedAction = action(
  { name: "conversations.archive", input: ArchiveInput },
  async ({ id, archived }, user) => {
    await updateConversation({ id, userId: user.id, patch: { archived } });
    return null;
  },
);

const IdInput = z.object({ id: Id });
export const trashConversationAction = action({ name: "conversations.trash", input: IdInput }, async (input, user) => {
  await moveConversationToTrash({ id: input.id, userId: user.id });
  return null;
});

export const restoreConversationAction = action(
  { name: "conversations.restore", input: IdInput },
  async (input, user) => {
    await restoreConversation({ id: input.id, userId: user.id });
    return null;
  },
);

export const deleteConversationAction = action(
  { name: "conversations.delete", input: IdInput },
  async (input, user) => {
    await deleteConversationPermanently({ id: input.id, userId: user.id });
    return null;
  },
);

export const emptyTrashAction = action({ name: "conversations.emptyTrash", input: NoInput }, async (_input, user) =>
  emptyTrash({ userId: user.id }),
);

const SettingsInput = z.object({
  id: Id,
  modelId: z.string().min(1).max(200).optional(),
  systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_LENGTH).optional(),
});
// Model and system prompt are remembered per conversation; a new chat's row is created on first change.
export const saveChatSettingsAction = action(
  { name: "conversations.settings", input: SettingsInput },
  async ({ id, modelId, systemPrompt }, user) => {
    if (modelId !== undefined && !modelAllowed(await getPermissions(user.id), (await getModel(modelId)).id)) {
      throw modelForbidden(modelId);
    }
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
  },
);

const ThreadInput = z.object({
  conversationId: Id,
  leafId: z.string().min(1).max(100).nullish(),
  beforeId: z.string().min(1).max(100).nullish(),
});
// A page of the visible thread: the newest messages, a branch (leafId), or older ones (beforeId).
export const loadThreadAction = action(
  { name: "thread.load", input: ThreadInput },
  async ({ conversationId, leafId, beforeId }, user) => {
    const thread = await getThread({ conversationId, userId: user.id, leafId, beforeId, limit: 50 });
    return { messages: toChatMessages(thread.messages), hasMore: thread.hasMore };
  },
);

const BranchInput = z.object({ conversationId: Id, messageId: z.string().min(1).max(100) });
// Remembers the branch the person switched to, so a reload and their other devices show the same one.
export const chooseBranchAction = action(
  { name: "thread.branch", input: BranchInput },
  async ({ conversationId, messageId }, user) => {
    await setCurrentLeaf({ id: conversationId, userId: user.id, messageId });
    return null;
  },
);
