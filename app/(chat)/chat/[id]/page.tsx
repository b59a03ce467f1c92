import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ChatView } from "@/components/chat/chat-view";
import { toChatMessages } from "@/components/chat/types";
import { mcpToolChoices } from "@/lib/ai/mcp/tools";
import { listModels } from "@/lib/ai/providers";
import { requirePageUser } from "@/lib/auth/current-user";
import { getPermissions, modelsFor } from "@/lib/auth/permissions";
import { getConversation } from "@/lib/db/conversations";
import { getThread } from "@/lib/db/messages";
import { chatActions } from "../../chat-actions";

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  const user = await requirePageUser();
  if (!z.uuid().safeParse(id).success) return null;
  const conversation = await getConversation({ id, userId: user.id });
  return conversation ? { user, conversation } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load((await params).id);
  return { title: found?.conversation.title ?? "Chat" };
}

export default async function ConversationPage({ params }: Props) {
  const { id } = await params;
  const found = await load(id);
  if (!found) notFound();
  const { user, conversation } = found;
  const thread = await getThread({ conversationId: id, userId: user.id, limit: 50 });
  const permissions = await getPermissions(user.id);
  const [models, toolServers] = await Promise.all([
    modelsFor(permissions),
    mcpToolChoices(permissions.roleIds, new Set()),
  ]);
  // Removed by an admin (not merely outside this person's role): said once in the composer.
  const unavailableModelId =
    conversation.modelId && !(await listModels()).some((m) => m.id === conversation.modelId)
      ? conversation.modelId
      : null;
  const modelId = models.some((m) => m.id === conversation.modelId)
    ? (conversation.modelId as string)
    : (models[0]?.id ?? "");
  return (
    <ChatView
      key={id}
      conversationId={id}
      initialMessages={toChatMessages(thread.messages)}
      initialHasMore={thread.hasMore}
      models={models}
      initialModelId={modelId}
      unavailableModelId={unavailableModelId}
      initialSystemPrompt={conversation.systemPrompt ?? ""}
      title={conversation.title}
      persisted
      actions={chatActions}
      canShare={permissions.canShareLinks}
      toolsMenu={toolServers.length > 0}
    />
  );
}
