import "server-only";
import {
  blockUser as blockUserRow,
  countUnreadDirectMessages,
  deleteDirectMessage as deleteDirectMessageRow,
  getDirectThread,
  listBlocks as listBlockRows,
  listDirectThreads as listThreadRows,
  markDirectMessagesRead as markRead,
  sendDirectMessage as send,
  suggestRecipients as suggest,
  unblockUser as unblockUserRow,
} from "../../direct/messages";
import { enforce } from "../../rate-limit";
import { directEventStream } from "../direct-events";
import { endpoint } from "../endpoint";
import { routes } from "../routes";
import { serializeDirectMessage } from "../serializers";

const SEND_LIMIT = { name: "direct-message:user", limit: 30, windowSeconds: 60 };
const SUGGEST_LIMIT = { name: "direct-recipients:user", limit: 60, windowSeconds: 60 };

export const listDirectThreads = endpoint(routes.listDirectThreads, async ({ principal }) => {
  const [threads, unread] = await Promise.all([
    listThreadRows(principal.userId),
    countUnreadDirectMessages(principal.userId),
  ]);
  return {
    body: {
      object: "list" as const,
      unread,
      data: threads.map((t) => ({
        object: "direct_thread" as const,
        with: { username: t.other.username, full_name: t.other.fullName },
        last_message: {
          content: t.lastMessage.content,
          from_me: t.lastMessage.fromMe,
          created_at: t.lastMessage.createdAt.toISOString(),
        },
        unread: t.unread,
      })),
    },
  };
});

export const listDirectMessages = endpoint(routes.listDirectMessages, async ({ principal, query }) => {
  const thread = await getDirectThread({
    userId: principal.userId,
    otherUsername: query.with,
    beforeId: query.cursor,
    limit: query.limit,
    markRead: false,
  });
  return {
    body: {
      object: "list" as const,
      data: thread.messages.map(serializeDirectMessage),
      has_more: thread.hasMore,
      next_cursor: thread.hasMore ? (thread.messages[0]?.id ?? null) : null,
    },
  };
});

export const sendDirectMessage = endpoint(routes.sendDirectMessage, async ({ principal, body }) => {
  await enforce(SEND_LIMIT, principal.userId, "You are sending messages too fast. Wait a minute.");
  const message = await send({
    senderId: principal.userId,
    recipientUsername: body.to,
    content: body.content,
    parentId: body.parent_id ?? null,
  });
  return { body: serializeDirectMessage(message) };
});

export const markDirectMessagesRead = endpoint(routes.markDirectMessagesRead, async ({ principal, body }) => {
  const result = await markRead({ userId: principal.userId, otherUsername: body.with });
  return { body: { object: "read" as const, count: result.count, read_at: result.readAt.toISOString() } };
});

export const deleteDirectMessage = endpoint(routes.deleteDirectMessage, async ({ principal, params }) => {
  await deleteDirectMessageRow({ id: params.id, userId: principal.userId });
  return { body: undefined };
});

export const directMessageEvents = endpoint(routes.directMessageEvents, async ({ request, principal, query }) =>
  directEventStream({ request, userId: principal.userId, after: query.after, waitSeconds: query.wait }),
);

export const suggestRecipients = endpoint(routes.suggestRecipients, async ({ principal, query }) => {
  await enforce(SUGGEST_LIMIT, principal.userId, "Too many lookups. Wait a minute.");
  const people = await suggest({ userId: principal.userId, prefix: query.q });
  return {
    body: { object: "list" as const, data: people.map((p) => ({ username: p.username, full_name: p.fullName })) },
  };
});

export const listBlocks = endpoint(routes.listBlocks, async ({ principal }) => {
  const blocks = await listBlockRows(principal.userId);
  return {
    body: {
      object: "list" as const,
      data: blocks.map((b) => ({
        object: "block" as const,
        username: b.person.username,
        created_at: b.createdAt.toISOString(),
      })),
    },
  };
});

export const blockUser = endpoint(routes.blockUser, async ({ principal, body }) => {
  const block = await blockUserRow({ userId: principal.userId, username: body.username });
  return {
    body: { object: "block" as const, username: block.person.username, created_at: block.createdAt.toISOString() },
  };
});

export const unblockUser = endpoint(routes.unblockUser, async ({ principal, params }) => {
  await unblockUserRow({ userId: principal.userId, username: params.username });
  return { body: undefined };
});
