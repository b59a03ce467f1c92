"use server";

import { z } from "zod";
import { type ChatThreadPage, toChatMessages } from "@/components/chat/types";
import type { ConversationPage } from "@/components/sidebar/types";
import { action } from "@/lib/action";
import type { ActionState } from "@/lib/action-result";
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
const NoInput = z.object({});

const ListInput = z.object({
  cursor: z.string().max(1000).nullish(),
  q: z.string().max(200).optional(),
  view: z.enum(["active", "archived", "trash"]).optional(),
});

const listConversationsRun = action(
  { name: "conversations.list", input: ListInput },
  async ({ cursor, q, view = "active" }, user) => conversationPage({ userId: user.id, view, cursor, q }),
);
export async function listConversationsAction(
  input: z.infer<typeof ListInput>,
): Promise<ActionState<ConversationPage>> {
  return listConversationsRun(input);
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
const renameConversationRun = action(
  { name: "conversations.rename", input: RenameInput },
  async ({ id, title }, user) => {
    await updateConversation({ id, userId: user.id, patch: { title } });
    return null;
  },
);
export async function renameConversationAction(input: z.infer<typeof RenameInput>): Promise<ActionState> {
  return renameConversationRun(input);
}

const PinInput = z.object({ id: Id, pinned: z.boolean() });
const setPinnedRun = action({ name: "conversations.pin", input: PinInput }, async ({ id, pinned }, user) => {
  await updateConversation({ id, userId: user.id, patch: { pinned } });
  return null;
});
export async function setPinnedAction(input: z.infer<typeof PinInput>): Promise<ActionState> {
  return setPinnedRun(input);
}

const ArchiveInput = z.object({ id: Id, archived: z.boolean() });
const setArchivedRun = action(
  { name: "conversations.archive", input: ArchiveInput },
  async ({ id, archived }, user) => {
    await updateConversation({ id, userId: user.id, patch: { archived } });
    return null;
  },
);
export async function setArchivedAction(input: z.infer<typeof ArchiveInput>): Promise<ActionState> {
  return setArchivedRun(input);
}

const IdInput = z.object({ id: Id });
const trashConversationRun = action({ name: "conversations.trash", input: IdInput }, async (input, user) => {
  await moveConversationToTrash({ id: input.id, userId: user.id });
  return null;
});
export async function trashConversationAction(input: z.infer<typeof IdInput>): Promise<ActionState> {
  return trashConversationRun(input);
}

const restoreConversationRun = action({ name: "conversations.restore", input: IdInput }, async (input, user) => {
  await restoreConversation({ id: input.id, userId: user.id });
  return null;
});
export async function restoreConversationAction(input: z.infer<typeof IdInput>): Promise<ActionState> {
  return restoreConversationRun(input);
}

const deleteConversationRun = action({ name: "conversations.delete", input: IdInput }, async (input, user) => {
  await deleteConversationPermanently({ id: input.id, userId: user.id });
  return null;
});
export async function deleteConversationAction(input: z.infer<typeof IdInput>): Promise<ActionState> {
  return deleteConversationRun(input);
}

const emptyTrashRun = action({ name: "conversations.emptyTrash", input: NoInput }, async (_input, user) =>
  emptyTrash({ userId: user.id }),
);
export async function emptyTrashAction(): Promise<ActionState<number>> {
  return emptyTrashRun({});
}

const SettingsInput = z.object({
  id: Id,
  modelId: z.string().min(1).max(200).optional(),
  systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_LENGTH).optional(),
});
// Model and system prompt are remembered per conversation; a new chat's row is created on first change.
const saveChatSettingsRun = action(
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
export async function saveChatSettingsAction(input: z.infer<typeof SettingsInput>): Promise<ActionState> {
  return saveChatSettingsRun(input);
}

const ThreadInput = z.object({
  conversationId: Id,
  leafId: z.string().min(1).max(100).nullish(),
  beforeId: z.string().min(1).max(100).nullish(),
});
// A page of the visible thread: the newest messages, a branch (leafId), or older ones (beforeId).
const loadThreadRun = action(
  { name: "thread.load", input: ThreadInput },
  async ({ conversationId, leafId, beforeId }, user) => {
    const thread = await getThread({ conversationId, userId: user.id, leafId, beforeId, limit: 50 });
    return { messages: toChatMessages(thread.messages), hasMore: thread.hasMore };
  },
);
export async function loadThreadAction(input: z.infer<typeof ThreadInput>): Promise<ActionState<ChatThreadPage>> {
  return loadThreadRun(input);
}

const BranchInput = z.object({ conversationId: Id, messageId: z.string().min(1).max(100) });
// Remembers the branch the person switched to, so a reload and their other devices show the same one.
const chooseBranchRun = action(
  { name: "thread.branch", input: BranchInput },
  async ({ conversationId, messageId }, user) => {
    await setCurrentLeaf({ id: conversationId, userId: user.id, messageId });
    return null;
  },
);
export async function chooseBranchAction(input: z.infer<typeof BranchInput>): Promise<ActionState> {
  return chooseBranchRun(input);
}
