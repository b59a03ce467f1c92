import { randomUUID } from "node:crypto";
import { ChatView } from "@/components/chat/chat-view";
import { requirePageUser } from "@/lib/auth/current-user";
import { defaultModelId, listModels } from "@/lib/ai/providers";
import { getPreferences } from "@/lib/db/preferences";
import { chatActions } from "./chat-actions";

export const metadata = { title: "New chat" };

export default async function NewChatPage() {
  const user = await requirePageUser();
  const id = randomUUID();
  const models = listModels();
  const { defaultModelId: preferred } = await getPreferences(user.id);
  return (
    <ChatView
      key={id}
      conversationId={id}
      initialMessages={[]}
      initialHasMore={false}
      models={models}
      initialModelId={models.some((m) => m.id === preferred) ? (preferred as string) : defaultModelId()}
      initialSystemPrompt=""
      title={null}
      persisted={false}
      actions={chatActions}
    />
  );
}
