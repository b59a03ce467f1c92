import "server-only";
import type { Principal } from "../../auth/api-principal";
import { answerApproval } from "../../chat/approval";
import { deleteMessage as deleteMessageRow, getMessage as getMessageRow, listMessages } from "../../db/messages";
import { AppError } from "../../errors";
import { endpoint } from "../endpoint";
import { messageIdFor } from "../idempotency";
import { editAndReply, sendAndReply } from "../reply";
import { routes } from "../routes";
import { serializeMessage } from "../serializers";

async function messagePage(
  principal: Principal,
  conversationId: string,
  query: { cursor?: string; limit: number; order: "asc" | "desc" },
) {
  const page = await listMessages({ conversationId, userId: principal.userId, ...query });
  return {
    body: {
      object: "list" as const,
      data: page.items.map(serializeMessage),
      has_more: page.nextCursor !== null,
      next_cursor: page.nextCursor,
    },
  };
}

export const listConversationMessages = endpoint(routes.listConversationMessages, ({ principal, params, query }) =>
  messagePage(principal, params.id, query),
);

export const listMessagesFlat = endpoint(routes.listMessages, ({ principal, query }) => {
  const { conversation_id, ...page } = query;
  return messagePage(principal, conversation_id, page);
});

export const postConversationMessage = endpoint(
  routes.postConversationMessage,
  async ({ request, principal, params, body }) => {
    const { role: _user, ...input } = body;
    const id = await messageIdFor({ request, userId: principal.userId, id: input.id, content: input.content });
    return sendAndReply({ principal, conversationId: params.id, input: { ...input, id } });
  },
);

export const postMessageFlat = endpoint(routes.postMessage, async ({ request, principal, body }) => {
  const { conversation_id, role: _user, ...input } = body;
  const id = await messageIdFor({ request, userId: principal.userId, id: input.id, content: input.content });
  return sendAndReply({ principal, conversationId: conversation_id, input: { ...input, id } });
});

export const getMessage = endpoint(routes.getMessage, async ({ principal, params }) => {
  const message = await getMessageRow({ id: params.id, userId: principal.userId });
  if (!message) throw new AppError("not_found:message");
  return { body: serializeMessage(message) };
});

export const patchMessage = endpoint(routes.patchMessage, ({ principal, params, body }) =>
  editAndReply({ principal, messageId: params.id, input: body }),
);

export const putMessage = endpoint(routes.putMessage, ({ principal, params, body }) =>
  editAndReply({ principal, messageId: params.id, input: body }),
);

export const deleteMessage = endpoint(routes.deleteMessage, async ({ principal, params }) => {
  await deleteMessageRow({ id: params.id, userId: principal.userId });
  return { body: undefined };
});

export const answerToolApproval = endpoint(routes.answerToolApproval, async ({ principal, params, body }) => {
  const userId = principal.userId;
  const handle = await answerApproval({
    userId,
    messageId: params.id,
    approvalId: body.approval_id,
    approved: body.approved,
    reason: body.reason,
  });
  // The continuation runs on without readers either way; waiting only decides when this request answers.
  await handle.stream.cancel();
  if (body.wait) await handle.done;
  const message = await getMessageRow({ id: params.id, userId });
  if (!message) throw new AppError("not_found:message");
  return { body: serializeMessage(message) };
});
