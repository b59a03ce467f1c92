import type { z } from "zod";
import type { Scope } from "../auth/scopes";
import {
  Conversation,
  ConversationList,
  CreateConversationBody,
  DeleteConversationQuery,
  EditMessageBody,
  FlatListMessagesQuery,
  FlatPostMessageBody,
  IdParams,
  ListConversationsQuery,
  ListMessagesQuery,
  Me,
  Message,
  MessageList,
  PatchConversationBody,
  PostMessageBody,
  PutConversationBody,
  Reply,
} from "./schemas";
import {
  CreateShareBody,
  Feedback,
  FeedbackBody,
  ListSharesQuery,
  PatchPreferencesBody,
  Preferences,
  Share,
  ShareList,
} from "./sharing-schemas";

// Every REST v1 endpoint, once. Handlers validate with these schemas, /api/v1/openapi.json is generated
// from them, and the isolation tests iterate over them.

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RouteSpec {
  method: Method;
  /** Relative to /api/v1, OpenAPI style: `/conversations/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: "Conversations" | "Messages" | "Shares" | "Profile" | "Meta";
  /** Null for the public OpenAPI document only. */
  scope: Scope | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: 200 | 201 | 204; schema?: z.ZodType; description: string };
  /** The success response may also be `text/event-stream` (when the body says `"stream": true`). */
  streams?: boolean;
  /** Sending an already-used client id answers 200 with what was stored, instead of the success status. */
  replays?: boolean;
  /** Error statuses beyond the ones every endpoint can answer with. */
  conflicts?: string;
}

const route = <const S extends RouteSpec>(spec: S) => spec;

const STREAM_NOTE =
  'With `"stream": true` the answer is an AI SDK UI message stream (server-sent events, header ' +
  "`x-vercel-ai-ui-message-stream: v1`): each event is `data: <JSON chunk>`. First a `data-user_message` chunk " +
  "(the stored user message), then the reply as it is written (`start` carries the assistant message id, " +
  "`text-delta` chunks the text, `finish` the end), then a `data-assistant_message` chunk (the stored reply), " +
  "then `data: [DONE]`. The reply is generated and stored even if the client disconnects.";

// PATCH and PUT on a message do the same thing (content is the only editable field).
const EDIT_MESSAGE = {
  path: "/messages/{id}",
  tag: "Messages",
  scope: "messages:write",
  params: IdParams,
  body: EditMessageBody,
  success: { status: 201, schema: Reply, description: "The edited copy and its reply." },
  streams: true,
  replays: true,
  conflicts: "Only user messages can be edited, or the new id is already used.",
} as const;

export const routes = {
  getMe: route({
    method: "GET",
    path: "/me",
    summary: "The caller's profile and the scopes of the credential used",
    tag: "Profile",
    scope: "profile:read",
    success: { status: 200, schema: Me, description: "The caller." },
  }),
  createConversation: route({
    method: "POST",
    path: "/conversations",
    summary: "Create a conversation",
    tag: "Conversations",
    scope: "conversations:write",
    body: CreateConversationBody,
    success: { status: 201, schema: Conversation, description: "The new conversation." },
    conflicts: "A conversation with this id already exists.",
  }),
  listConversations: route({
    method: "GET",
    path: "/conversations",
    summary: "List conversations",
    description:
      "Pinned first, then most recently active. Unarchived conversations unless `archived=true` (then only " +
      "archived ones); trashed conversations are never listed.",
    tag: "Conversations",
    scope: "conversations:read",
    query: ListConversationsQuery,
    success: { status: 200, schema: ConversationList, description: "One page of conversations." },
  }),
  getConversation: route({
    method: "GET",
    path: "/conversations/{id}",
    summary: "Get a conversation (also one in the trash)",
    tag: "Conversations",
    scope: "conversations:read",
    params: IdParams,
    success: { status: 200, schema: Conversation, description: "The conversation." },
  }),
  patchConversation: route({
    method: "PATCH",
    path: "/conversations/{id}",
    summary: "Change some of a conversation's title, pinned, archived, model and system prompt",
    tag: "Conversations",
    scope: "conversations:write",
    params: IdParams,
    body: PatchConversationBody,
    success: { status: 200, schema: Conversation, description: "The updated conversation." },
  }),
  putConversation: route({
    method: "PUT",
    path: "/conversations/{id}",
    summary: "Replace a conversation's editable fields (all of them required)",
    tag: "Conversations",
    scope: "conversations:write",
    params: IdParams,
    body: PutConversationBody,
    success: { status: 200, schema: Conversation, description: "The updated conversation." },
  }),
  deleteConversation: route({
    method: "DELETE",
    path: "/conversations/{id}",
    summary: "Move a conversation to the trash, or delete it for good with `permanent=true`",
    tag: "Conversations",
    scope: "conversations:write",
    params: IdParams,
    query: DeleteConversationQuery,
    success: { status: 204, description: "Deleted." },
  }),
  restoreConversation: route({
    method: "POST",
    path: "/conversations/{id}/restore",
    summary: "Restore a conversation from the trash",
    tag: "Conversations",
    scope: "conversations:write",
    params: IdParams,
    success: { status: 200, schema: Conversation, description: "The restored conversation." },
  }),
  listConversationMessages: route({
    method: "GET",
    path: "/conversations/{id}/messages",
    summary: "List a conversation's messages (every branch), in creation order",
    tag: "Messages",
    scope: "messages:read",
    params: IdParams,
    query: ListMessagesQuery,
    success: { status: 200, schema: MessageList, description: "One page of messages." },
  }),
  postConversationMessage: route({
    method: "POST",
    path: "/conversations/{id}/messages",
    summary: "Send a user message and get the assistant's reply",
    description: STREAM_NOTE,
    tag: "Messages",
    scope: "messages:write",
    params: IdParams,
    body: PostMessageBody,
    success: {
      status: 201,
      schema: Reply,
      description: "The user message and the finished reply.",
    },
    streams: true,
    replays: true,
    conflicts: "The id is already used by a different message.",
  }),
  listMessages: route({
    method: "GET",
    path: "/messages",
    summary: "List a conversation's messages (flat form of GET /conversations/{id}/messages)",
    tag: "Messages",
    scope: "messages:read",
    query: FlatListMessagesQuery,
    success: { status: 200, schema: MessageList, description: "One page of messages." },
  }),
  postMessage: route({
    method: "POST",
    path: "/messages",
    summary: "Send a user message (flat form of POST /conversations/{id}/messages)",
    description: STREAM_NOTE,
    tag: "Messages",
    scope: "messages:write",
    body: FlatPostMessageBody,
    success: { status: 201, schema: Reply, description: "The user message and the finished reply." },
    streams: true,
    replays: true,
    conflicts: "The id is already used by a different message.",
  }),
  getMessage: route({
    method: "GET",
    path: "/messages/{id}",
    summary: "Get a message",
    tag: "Messages",
    scope: "messages:read",
    params: IdParams,
    success: { status: 200, schema: Message, description: "The message." },
  }),
  patchMessage: route({
    ...EDIT_MESSAGE,
    method: "PATCH",
    summary: "Edit one of your messages: adds the edited copy as a new branch and answers it",
    description: `The original stays as a sibling, as in the app. ${STREAM_NOTE}`,
  }),
  putMessage: route({
    ...EDIT_MESSAGE,
    method: "PUT",
    summary: "Replace one of your messages' content (same as PATCH: content is its only editable field)",
  }),
  deleteMessage: route({
    method: "DELETE",
    path: "/messages/{id}",
    summary: "Delete a message and the replies under it",
    tag: "Messages",
    scope: "messages:write",
    params: IdParams,
    success: { status: 204, description: "Deleted." },
  }),
  createShare: route({
    method: "POST",
    path: "/conversations/{id}/shares",
    summary: "Share a read-only snapshot of a conversation by link",
    description:
      "The snapshot holds the branch from the first message down to `message_id` (at most the newest 100 " +
      "messages); messages added later never show. Anyone with the `url` can read it, without an account.",
    tag: "Shares",
    scope: "shares:write",
    params: IdParams,
    body: CreateShareBody,
    success: { status: 201, schema: Share, description: "The new link." },
  }),
  listShares: route({
    method: "GET",
    path: "/shares",
    summary: "List your shared links, newest first",
    tag: "Shares",
    scope: "shares:read",
    query: ListSharesQuery,
    success: { status: 200, schema: ShareList, description: "One page of links." },
  }),
  deleteShare: route({
    method: "DELETE",
    path: "/shares/{id}",
    summary: "Delete a shared link: its URL answers 404 from then on",
    tag: "Shares",
    scope: "shares:write",
    params: IdParams,
    success: { status: 204, description: "Deleted." },
  }),
  putFeedback: route({
    method: "PUT",
    path: "/messages/{id}/feedback",
    summary: "Rate an assistant reply (thumbs up or down); a new rating replaces yours",
    tag: "Messages",
    scope: "messages:write",
    params: IdParams,
    body: FeedbackBody,
    success: { status: 200, schema: Feedback, description: "Your rating of the reply." },
    conflicts: "The message is not a finished assistant reply.",
  }),
  getPreferences: route({
    method: "GET",
    path: "/me/preferences",
    summary: "Your preferences (custom instructions, default model, theme, send key)",
    tag: "Profile",
    scope: "profile:read",
    success: { status: 200, schema: Preferences, description: "Your preferences." },
  }),
  patchPreferences: route({
    method: "PATCH",
    path: "/me/preferences",
    summary: "Change some of your preferences",
    tag: "Profile",
    scope: "profile:write",
    body: PatchPreferencesBody,
    success: { status: 200, schema: Preferences, description: "Your preferences after the change." },
  }),
  openapi: route({
    method: "GET",
    path: "/openapi.json",
    summary: "This API's OpenAPI 3.1 document",
    tag: "Meta",
    scope: null,
    success: { status: 200, description: "The OpenAPI document." },
  }),
} as const satisfies Record<string, RouteSpec>;

export type RouteId = keyof typeof routes;

export const API_PREFIX = "/api/v1";
