import "server-only";
import {
  createConversation as createConversationRow,
  deleteConversationPermanently,
  listConversations as listConversationRows,
  moveConversationToTrash,
  requireConversation,
  restoreConversation as restoreConversationRow,
  updateConversation,
} from "../../db/conversations";
import { endpoint } from "../endpoint";
import { apiAllowedModelId } from "../models";
import { routes } from "../routes";
import { serializeConversation } from "../serializers";

export const createConversation = endpoint(routes.createConversation, async ({ principal, body }) => {
  const created = await createConversationRow({
    userId: principal.userId,
    id: body.id,
    title: body.title,
    modelId: body.model ? await apiAllowedModelId(principal.userId, body.model) : body.model,
    systemPrompt: body.system_prompt,
    projectId: body.project_id,
  });
  const conversation =
    body.pinned !== undefined || body.archived !== undefined
      ? await updateConversation({
          id: created.id,
          userId: principal.userId,
          patch: { pinned: body.pinned, archived: body.archived },
        })
      : created;
  return { body: serializeConversation(conversation) };
});

export const listConversations = endpoint(routes.listConversations, async ({ principal, query }) => {
  const page = await listConversationRows({
    userId: principal.userId,
    cursor: query.cursor,
    limit: query.limit,
    archived: query.archived,
    pinned: query.pinned,
    q: query.q,
    searchMessageText: principal.scopes.has("messages:read"),
  });
  return {
    body: {
      object: "list" as const,
      data: page.items.map(serializeConversation),
      has_more: page.nextCursor !== null,
      next_cursor: page.nextCursor,
    },
  };
});

export const getConversation = endpoint(routes.getConversation, async ({ principal, params }) => {
  const conversation = await requireConversation({ id: params.id, userId: principal.userId, includeTrashed: true });
  return { body: serializeConversation(conversation) };
});

/** PATCH changes the fields sent; PUT (a full update) sends them all: one code path for both. */
const updateFromBody = (route: typeof routes.patchConversation | typeof routes.putConversation) =>
  endpoint(route, async ({ principal, params, body }) => {
    const conversation = await updateConversation({
      id: params.id,
      userId: principal.userId,
      patch: {
        title: body.title,
        pinned: body.pinned,
        archived: body.archived,
        modelId: body.model ? await apiAllowedModelId(principal.userId, body.model) : body.model,
        systemPrompt: body.system_prompt,
        projectId: body.project_id,
      },
    });
    return { body: serializeConversation(conversation) };
  });

export const patchConversation = updateFromBody(routes.patchConversation);

export const putConversation = updateFromBody(routes.putConversation);

export const deleteConversation = endpoint(routes.deleteConversation, async ({ principal, params, query }) => {
  const target = { id: params.id, userId: principal.userId };
  if (query.permanent) await deleteConversationPermanently(target);
  else await moveConversationToTrash(target);
  return { body: undefined };
});

export const restoreConversation = endpoint(routes.restoreConversation, async ({ principal, params }) => {
  return { body: serializeConversation(await restoreConversationRow({ id: params.id, userId: principal.userId })) };
});
