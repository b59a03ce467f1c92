import { randomUUID } from "node:crypto";
import { ChatView } from "@/components/chat/chat-view";
import { requirePageUser } from "@/lib/auth/current-user";
import { defaultModelId, listModels } from "@/lib/ai/providers";
import { chatActions } from "./chat-actions";

export const metadata = { title: "New chat" };

export default async function NewChatPage() {
  await requirePageUser();
  const id = randomUUID();
  return (
    <ChatView
      key={id}
      conversationId={id}
      initialMessages={[]}
      initialHasMore={false}
      models={listModels()}
      initialModelId={defaultModelId()}
      initialSystemPrompt=""
      title={null}
      persisted={false}
      actions={chatActions}
    />
  );
}
