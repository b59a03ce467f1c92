import { randomUUID } from "node:crypto";
import { ChatView } from "@/components/chat/chat-view";
import { requirePageUser } from "@/lib/auth/current-user";
import { getPermissions, modelsFor } from "@/lib/auth/permissions";
import { getPreferences } from "@/lib/db/preferences";
import { chatActions } from "./chat-actions";

export const metadata = { title: "New chat" };

export default async function NewChatPage() {
  const user = await requirePageUser();
  const id = randomUUID();
  const [permissions, { defaultModelId: preferred }] = await Promise.all([
    getPermissions(user.id),
    getPreferences(user.id),
  ]);
  const models = await modelsFor(permissions);
  return (
    <ChatView
      key={id}
      conversationId={id}
      initialMessages={[]}
      initialHasMore={false}
      models={models}
      initialModelId={models.some((m) => m.id === preferred) ? (preferred as string) : (models[0]?.id ?? "")}
      initialSystemPrompt=""
      title={null}
      persisted={false}
      actions={chatActions}
      canShare={permissions.canShareLinks}
    />
  );
}
