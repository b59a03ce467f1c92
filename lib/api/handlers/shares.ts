import "server-only";
import { requireScope } from "../../auth/api-principal";
import { getPermissions, requireSharePermission } from "../../auth/permissions";
import { appOrigin } from "../../auth/request-info";
import { createSharedLink, deleteSharedLink, listSharedLinks, type SharedLinkSummary } from "../../db/shared-links";
import { endpoint } from "../endpoint";
import { routes } from "../routes";

export function serializeShare(link: SharedLinkSummary, origin: string) {
  return {
    object: "share" as const,
    id: link.id,
    url: `${origin}/share/${link.token}`,
    conversation_id: link.conversationId,
    title: link.title,
    message_count: link.messageCount,
    views: link.views,
    created_at: link.createdAt.toISOString(),
  };
}

export const createShare = endpoint(routes.createShare, async ({ principal, params, body }) => {
  // A link publishes the messages: a key that may not read them must not be able to read them through one.
  requireScope(principal, "messages:read");
  requireSharePermission(await getPermissions(principal.userId));
  const link = await createSharedLink({
    userId: principal.userId,
    conversationId: params.id,
    leafId: body.message_id,
  });
  return { body: serializeShare(link, appOrigin()) };
});

export const listShares = endpoint(routes.listShares, async ({ principal, query }) => {
  const page = await listSharedLinks({ userId: principal.userId, cursor: query.cursor, limit: query.limit });
  const origin = appOrigin();
  return {
    body: {
      object: "list" as const,
      data: page.items.map((link) => serializeShare(link, origin)),
      has_more: page.nextCursor !== null,
      next_cursor: page.nextCursor,
    },
  };
});

export const deleteShare = endpoint(routes.deleteShare, async ({ principal, params }) => {
  await deleteSharedLink({ id: params.id, userId: principal.userId });
  return { body: undefined };
});
