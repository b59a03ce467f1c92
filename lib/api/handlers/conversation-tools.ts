import "server-only";
import { mcpToolChoices } from "../../ai/mcp/tools";
import { getPermissions } from "../../auth/permissions";
import { getToolsOff, setToolsOff } from "../../db/conversation-tools";
import { getConversation } from "../../db/conversations";
import { AppError } from "../../errors";
import { endpoint } from "../endpoint";
import { routes } from "../routes";

async function choices(userId: string, conversationId: string) {
  const [permissions, off] = await Promise.all([getPermissions(userId), getToolsOff({ conversationId, userId })]);
  return { object: "conversation_tools" as const, servers: await mcpToolChoices(permissions.roleIds, off) };
}

export const getConversationTools = endpoint(routes.getConversationTools, async ({ principal, params }) => {
  const conversation = await getConversation({ id: params.id, userId: principal.userId });
  if (!conversation) throw new AppError("not_found:conversation");
  return { body: await choices(principal.userId, params.id) };
});

export const putConversationTools = endpoint(routes.putConversationTools, async ({ principal, params, body }) => {
  await setToolsOff({ conversationId: params.id, userId: principal.userId, off: body.off });
  return { body: await choices(principal.userId, params.id) };
});
