import type { z } from "zod";
import type { Scope } from "../auth/scopes";
import { RefreshRequestSchema, TokenRequestSchema, TokenResponseSchema, WhoamiSchema } from "../auth/token-schemas";
import { ApprovalBody } from "./approval-schemas";
import { FileObject } from "./file-schemas";
import {
  CHAT_BODY_BYTES,
  ChatCompletion,
  ChatCompletionRequest,
  EmbeddingList,
  EmbeddingRequest,
  MAX_JSON_DEPTH,
  ModelList,
} from "./openai/schemas";
import {
  AddProjectFileBody,
  CreateProjectBody,
  DeleteProjectQuery,
  PatchProjectBody,
  ProjectFileObject,
  ProjectFileParams,
  ProjectList,
  ProjectObject,
} from "./project-schemas";
import {
  Block,
  BlockBody,
  BlockList,
  Conversation,
  ConversationList,
  CreateConversationBody,
  DeleteConversationQuery,
  DirectEventsQuery,
  DirectMessage,
  DirectMessageList,
  DirectThreadList,
  DirectThreadQuery,
  EditMessageBody,
  FlatListMessagesQuery,
  FlatPostMessageBody,
  IdParams,
  ImportResult,
  ListConversationsQuery,
  ListMessagesQuery,
  MarkDirectReadBody,
  Me,
  Message,
  MessageList,
  PatchConversationBody,
  PostMessageBody,
  PutConversationBody,
  ReadResult,
  RecipientList,
  RecipientQuery,
  Reply,
  SendDirectMessageBody,
  UsernameParams,
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
import { ConversationTools, ConversationToolsBody } from "./tool-choice-schemas";
import { Usage, UsageQuery } from "./usage-schemas";

// Every REST v1 endpoint, once. Handlers validate with these schemas, /api/v1/openapi.json is generated
// from them, and the isolation tests iterate over them.

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RouteSpec {
  method: Method;
  /** Relative to /api/v1, OpenAPI style: `/conversations/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag:
    | "Authentication"
    | "Conversations"
    | "Messages"
    | "Files"
    | "Projects"
    | "Direct messages"
    | "Shares"
    | "Profile"
    | "OpenAI-compatible"
    | "Meta";
  /** Null for the endpoints no scope governs: the public OpenAPI document, getting tokens and whoami. */
  scope: Scope | null;
  /**
   * For endpoints without a scope: `none` needs no credential (the token endpoints, limited per IP), `any` takes
   * any credential the API takes (whoami). Unset means public (the OpenAPI document).
   */
  credential?: "none" | "any";
  /** For endpoints without a scope: the error statuses they answer, each with what it means. */
  errors?: Partial<Record<400 | 401 | 403 | 413 | 415 | 422 | 429 | 503, string>>;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: 200 | 201 | 204; schema?: z.ZodType; description: string };
  /** The success response is only a `text/event-stream` (a live feed). */
  eventStream?: boolean;
  /** The body is a file sent as is (not a JSON object this API validates field by field). */
  upload?: { description: string; errors: Partial<Record<400 | 413 | 415 | 422, string>> };
  /** The success response may also be `application/x-ndjson` progress lines (when `Accept` asks for them). */
  progress?: boolean;
  /** The success response may also be `text/event-stream` (when the body says `"stream": true`). */
  streams?: boolean;
  /** Sending an already-used client id answers 200 with what was stored, instead of the success status. */
  replays?: boolean;
  /** Takes an `Idempotency-Key` header (used when the body has no `id`). */
  idempotencyKey?: boolean;
  /** May answer 404 for something named in the query or body (a username, a parent message). */
  notFound?: boolean;
  /** The body is `multipart/form-data` with one file in the field `file` (read by the handler itself). */
  multipart?: boolean;
  /** The success response is the file's bytes in its own media type. */
  binary?: boolean;
  /** Error statuses beyond the ones every endpoint can answer with. */
  conflicts?: string;
  /**
   * `"openai"`: an OpenAI-compatible endpoint. Errors are OpenAI's `{ error: { message, type, param, code } }`
   * with OpenAI's statuses (bad input is 400, not 422), so OpenAI's SDKs and editors understand them.
   */
  errorFormat?: "openai";
  /** A larger body than the API's default 256 KiB (a chat's whole context, images as data URLs). */
  maxBodyBytes?: number;
  /** Refuse bodies nesting arrays and objects deeper than this (400) before parsing them. */
  maxDepth?: number;
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

const TOKEN_ERRORS = {
  400: "The body is not JSON.",
  413: "The body is too large (4 KB at most).",
  415: "The body is not sent as `application/json`.",
  422: "A field is missing or not valid; `error.fields` names it.",
  429: "Too many token requests from this address (120 a minute), or too many password attempts: wait `Retry-After`.",
  503: "Parley cannot reach its database. Retry after `Retry-After`.",
} as const;

export const routes = {
  createToken: route({
    method: "POST",
    path: "/auth/token",
    summary: "Log in: email or username and password (and `otp` with two-factor login) for an access/refresh pair",
    description:
      "The OAuth 2 password grant's shape: the access token lives 15 minutes and carries every scope; the refresh " +
      "token lives 30 days and is single use. For a long-lived credential with chosen scopes, create an API key " +
      "in Settings instead.",
    tag: "Authentication",
    scope: null,
    credential: "none",
    body: TokenRequestSchema,
    success: { status: 200, schema: TokenResponseSchema, description: "A new token pair (not cached)." },
    errors: {
      ...TOKEN_ERRORS,
      401:
        "Wrong login or password (`unauthorized:credentials`), or the account uses two-factor login and `otp` is " +
        "missing (`unauthorized:otp_required`) or wrong (`unauthorized:otp`).",
      403:
        "The password is right but the account cannot get tokens yet: waiting for an administrator's approval " +
        "(`forbidden:pending_approval`), its email address is not verified under the allowed-domains rule " +
        "(`forbidden:email_unverified`), or an administrator requires two-factor login it has not set up " +
        "(`forbidden:two_factor_setup`).",
    },
  }),
  refreshToken: route({
    method: "POST",
    path: "/auth/refresh",
    summary: "Trade a refresh token for a new pair (the old one stops working)",
    tag: "Authentication",
    scope: null,
    credential: "none",
    body: RefreshRequestSchema,
    success: { status: 200, schema: TokenResponseSchema, description: "A new token pair (not cached)." },
    errors: {
      ...TOKEN_ERRORS,
      401:
        "The refresh token is unknown, expired, revoked or already used (`unauthorized:refresh_token`); a used one " +
        "revokes every token of its family.",
      403: "An administrator requires two-factor login, which the account has not set up (`forbidden:two_factor_setup`).",
    },
  }),
  whoami: route({
    method: "GET",
    path: "/auth/whoami",
    summary: "Who the credential belongs to, how it was sent, and its scopes",
    tag: "Authentication",
    scope: null,
    credential: "any",
    success: { status: 200, schema: WhoamiSchema, description: "The caller." },
    errors: {
      401: "No valid API key, access token or session.",
      403: "An administrator requires two-factor login, which the account has not set up (`forbidden:two_factor_setup`).",
      503: "Parley cannot reach its database. Retry after `Retry-After`.",
    },
  }),
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
    notFound: true,
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
  importConversations: route({
    method: "POST",
    path: "/conversations/import",
    summary: "Import conversations from a ChatGPT data export or a Parley JSON export",
    description:
      "Send the file itself as the body (`Content-Type: application/json`, `application/zip` or " +
      "`application/octet-stream`; not multipart): ChatGPT's data export (from Settings → Data controls → Export: " +
      "the .zip as mailed, or its `conversations.json`), or " +
      "a conversation exported from Parley as JSON (one, or an array of them). Branches, titles and times are " +
      "kept; ChatGPT's system, tool, hidden and reasoning nodes are left out, images and files become " +
      "placeholders. The whole file is checked first: if any conversation is malformed nothing is imported " +
      "and the error names each problem (`error.fields[].field` is `<index>.<path>`). Importing the same file " +
      "again imports nothing twice (each conversation's source id is remembered). Files over the server's " +
      "limit (`PARLEY_IMPORT_MAX_MB`, 200 MB by default) are refused with 413. With `Accept: " +
      'application/x-ndjson` the answer is a stream of lines: `{"type":"progress","done":n,"total":n}` ' +
      'as conversations are stored, then `{"type":"result","result":<ImportResult>}` (or ' +
      '`{"type":"error","error":{…}}`).',
    tag: "Conversations",
    scope: "conversations:write",
    upload: {
      description: "The export file, as is.",
      errors: {
        400: "The file is not JSON, is cut off, or is a zip (unzip it first). Nothing was imported.",
        413: "The file is larger than the server's import limit (`PARLEY_IMPORT_MAX_MB`).",
        415: "Sent as a form (multipart): send the file itself as the body.",
        422:
          "A conversation in the file is not valid: `error.fields` names each one as `<index>.<path>`. " +
          "Nothing was imported.",
      },
    },
    progress: true,
    success: { status: 200, schema: ImportResult, description: "What was imported, skipped and failed." },
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
  getConversationTools: route({
    method: "GET",
    path: "/conversations/{id}/tools",
    summary: "The MCP tool servers and tools this conversation may use (the composer's Tools menu)",
    description: "Every server your roles may use, with its enabled tools; `on: false` where you turned it off here.",
    tag: "Conversations",
    scope: "conversations:read",
    params: IdParams,
    success: { status: 200, schema: ConversationTools, description: "The servers and tools, on or off." },
  }),
  putConversationTools: route({
    method: "PUT",
    path: "/conversations/{id}/tools",
    summary: "Choose which MCP tool servers and tools this conversation may use",
    tag: "Conversations",
    scope: "conversations:write",
    params: IdParams,
    body: ConversationToolsBody,
    success: { status: 200, schema: ConversationTools, description: "The servers and tools, on or off." },
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
    idempotencyKey: true,
    conflicts: "The id is already used by a different message, or the Idempotency-Key by a different text.",
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
    idempotencyKey: true,
    conflicts: "The id is already used by a different message, or the Idempotency-Key by a different text.",
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
  answerToolApproval: route({
    method: "POST",
    path: "/messages/{id}/approval",
    summary: "Allow or deny a tool call that waits for you (Ask before running), and continue the reply",
    description:
      'A reply that wants to run a tool marked "Ask before running" stops (status `complete`) with a tool part ' +
      "whose `state` is `approval-requested`, carrying the tool's `input` and an `approval.id`. Send that id " +
      "with `approved`: the same reply message continues (nothing ran before), and the stored message is " +
      "returned. A call that no longer waits answers 409; one your role may no longer use answers 403.",
    tag: "Messages",
    scope: "messages:write",
    params: IdParams,
    body: ApprovalBody,
    success: { status: 200, schema: Message, description: "The reply message, continued." },
    conflicts: "The tool call does not wait for an answer (answered already, or never asked).",
  }),
  deleteMessage: route({
    method: "DELETE",
    path: "/messages/{id}",
    summary: "Delete a message and the replies under it",
    description: "Shared links of the conversation stop showing them: each snapshot ends above the deleted message.",
    tag: "Messages",
    scope: "messages:write",
    params: IdParams,
    success: { status: 204, description: "Deleted." },
  }),
  listDirectThreads: route({
    method: "GET",
    path: "/direct-messages/threads",
    summary: "Your conversations with people, most recent first, with unread counts",
    tag: "Direct messages",
    scope: "direct:read",
    success: { status: 200, schema: DirectThreadList, description: "Your threads and your total unread count." },
  }),
  listDirectMessages: route({
    method: "GET",
    path: "/direct-messages",
    summary: "The messages between you and one person",
    description:
      "The newest page first; each page is oldest → newest, and `next_cursor` pages back to earlier messages. " +
      "Reading does not mark anything read: `POST /direct-messages/read` does.",
    tag: "Direct messages",
    scope: "direct:read",
    query: DirectThreadQuery,
    success: { status: 200, schema: DirectMessageList, description: "One page of messages." },
    notFound: true,
  }),
  sendDirectMessage: route({
    method: "POST",
    path: "/direct-messages",
    summary: "Send a direct message to someone, or reply to one of theirs",
    description: "A person who blocked you, or whom you blocked, does not receive it (403 or 409).",
    tag: "Direct messages",
    scope: "direct:write",
    body: SendDirectMessageBody,
    success: { status: 201, schema: DirectMessage, description: "The stored message." },
    conflicts: "You blocked this person: unblock them first.",
    notFound: true,
  }),
  markDirectMessagesRead: route({
    method: "POST",
    path: "/direct-messages/read",
    summary: "Mark messages you received as read (from one person, or all of them)",
    tag: "Direct messages",
    scope: "direct:write",
    body: MarkDirectReadBody,
    success: { status: 200, schema: ReadResult, description: "How many were marked, and when." },
    notFound: true,
  }),
  deleteDirectMessage: route({
    method: "DELETE",
    path: "/direct-messages/{id}",
    summary: "Delete a message you sent: it is gone for both of you",
    tag: "Direct messages",
    scope: "direct:write",
    params: IdParams,
    success: { status: 204, description: "Deleted." },
  }),
  directMessageEvents: route({
    method: "GET",
    path: "/direct-messages/events",
    summary: "A live stream of your direct-message events (server-sent events)",
    description:
      "Events: `message` (`{ message, unread }`, also for what you send), `read` (`{ with, by, ids, read_at, " +
      "unread }`: read receipts, and your own reads from other devices), `deleted` (`{ id, with, unread }`). " +
      "Each has an `id:`; reconnect with `Last-Event-ID` (or `after`) to get what you missed in the last day. " +
      "Comments (`: keep-alive`) arrive every 20 seconds. A deleted message is gone from the replay too. At most " +
      "20 streams per person may be open at once (429 past that).",
    tag: "Direct messages",
    scope: "direct:read",
    query: DirectEventsQuery,
    success: { status: 200, description: "The event stream." },
    eventStream: true,
  }),
  suggestRecipients: route({
    method: "GET",
    path: "/direct-messages/recipients",
    summary: "People whose username starts with `q` (at most 10; never emails)",
    tag: "Direct messages",
    scope: "direct:read",
    query: RecipientQuery,
    success: { status: 200, schema: RecipientList, description: "Matching active people." },
  }),
  listBlocks: route({
    method: "GET",
    path: "/direct-messages/blocks",
    summary: "The people you blocked",
    tag: "Direct messages",
    scope: "direct:read",
    success: { status: 200, schema: BlockList, description: "Your blocks, newest first." },
  }),
  blockUser: route({
    method: "POST",
    path: "/direct-messages/blocks",
    summary: "Block someone: their messages are refused and they are not suggested to you (nor you to them)",
    tag: "Direct messages",
    scope: "direct:write",
    body: BlockBody,
    success: { status: 200, schema: Block, description: "The block (also when it already existed)." },
    notFound: true,
  }),
  unblockUser: route({
    method: "DELETE",
    path: "/direct-messages/blocks/{username}",
    summary: "Unblock someone",
    tag: "Direct messages",
    scope: "direct:write",
    params: UsernameParams,
    success: { status: 204, description: "Unblocked." },
  }),
  createShare: route({
    method: "POST",
    path: "/conversations/{id}/shares",
    summary: "Share a read-only snapshot of a conversation by link",
    description:
      "The snapshot holds the branch from the first message down to `message_id` (at most the newest 100 " +
      "messages), or, without it, the branch the conversation shows (the one last chosen in the app); " +
      "messages added later never show. Anyone with the `url` can read it, without an account. " +
      "Needs the `messages:read` scope as well: a link publishes the messages.",
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
  getUsage: route({
    method: "GET",
    path: "/me/usage",
    summary: "Your replies and tokens per day and model, and today's tokens against your role's limit",
    description:
      "Tokens are what the model reported when each reply ended; deleting conversations does not reduce them. " +
      "Sending a message over your role's tokens per day answers 429 `rate_limited:chat:tokens` until `resets_at`.",
    tag: "Profile",
    scope: "profile:read",
    query: UsageQuery,
    success: { status: 200, schema: Usage, description: "Your usage." },
  }),
  uploadFile: route({
    method: "POST",
    path: "/files",
    summary: "Upload a file to attach to a message (multipart/form-data, field `file`)",
    description:
      "Images (PNG, JPEG, WebP, GIF), PDFs and text files (plain, Markdown, CSV, JSON, code). The type is read " +
      "from the content; SVG is refused. At most 20 MB a file and a storage quota per person (configurable): " +
      "over either is 413, another type is 415, and nothing is stored. Send its id in a message's " +
      "`attachments`; a file never sent is deleted after a day.",
    tag: "Files",
    scope: "files:write",
    multipart: true,
    success: { status: 201, schema: FileObject, description: "The stored file." },
  }),
  getFile: route({
    method: "GET",
    path: "/files/{id}",
    summary: "A file's metadata",
    tag: "Files",
    scope: "files:read",
    params: IdParams,
    success: { status: 200, schema: FileObject, description: "The file." },
  }),
  getFileContent: route({
    method: "GET",
    path: "/files/{id}/content",
    summary: "A file's content",
    description:
      "Images are served inline, everything else as a download (`Content-Disposition: attachment`), always with " +
      "`X-Content-Type-Options: nosniff` and a Content-Security-Policy that runs nothing.",
    tag: "Files",
    scope: "files:read",
    params: IdParams,
    binary: true,
    success: { status: 200, description: "The file's bytes." },
  }),
  deleteFile: route({
    method: "DELETE",
    path: "/files/{id}",
    summary: "Delete a file (messages that carried it show it as deleted)",
    tag: "Files",
    scope: "files:write",
    params: IdParams,
    success: { status: 204, description: "Deleted." },
  }),
  createProject: route({
    method: "POST",
    path: "/projects",
    summary: "Create a project: instructions for every chat in it, and files the model searches",
    tag: "Projects",
    scope: "conversations:write",
    body: CreateProjectBody,
    success: { status: 201, schema: ProjectObject, description: "The new project." },
  }),
  listProjects: route({
    method: "GET",
    path: "/projects",
    summary: "List your projects, most recently changed first",
    tag: "Projects",
    scope: "conversations:read",
    success: { status: 200, schema: ProjectList, description: "Your projects." },
  }),
  getProject: route({
    method: "GET",
    path: "/projects/{id}",
    summary: "Get a project with its files and their indexing progress",
    tag: "Projects",
    scope: "conversations:read",
    params: IdParams,
    success: { status: 200, schema: ProjectObject, description: "The project." },
  }),
  patchProject: route({
    method: "PATCH",
    path: "/projects/{id}",
    summary: "Rename a project or change its instructions",
    tag: "Projects",
    scope: "conversations:write",
    params: IdParams,
    body: PatchProjectBody,
    success: { status: 200, schema: ProjectObject, description: "The updated project." },
  }),
  deleteProject: route({
    method: "DELETE",
    path: "/projects/{id}",
    summary: "Delete a project and its passages (the uploaded files stay yours)",
    description:
      "Its chats are moved out of it (`conversations=keep`, the default) or to the trash (`conversations=trash`).",
    tag: "Projects",
    scope: "conversations:write",
    params: IdParams,
    query: DeleteProjectQuery,
    success: { status: 204, description: "Deleted." },
  }),
  addProjectFile: route({
    method: "POST",
    path: "/projects/{id}/files",
    summary: "Add an uploaded file to a project; it is split into passages and indexed in the background",
    description:
      "Answers at once with the file `queued`; `GET /projects/{id}` shows the progress. Adding a file that is " +
      "already in the project returns it as it is (it is not indexed again). The passages count against your " +
      "storage quota.",
    tag: "Projects",
    scope: "conversations:write",
    params: IdParams,
    body: AddProjectFileBody,
    success: { status: 201, schema: ProjectFileObject, description: "The file in the project." },
    notFound: true,
  }),
  removeProjectFile: route({
    method: "DELETE",
    path: "/projects/{id}/files/{file_id}",
    summary: "Remove a file from a project: its passages are deleted (the uploaded file stays yours)",
    tag: "Projects",
    scope: "conversations:write",
    params: ProjectFileParams,
    success: { status: 204, description: "Removed." },
  }),
  // OpenAI-compatible: `new OpenAI({ baseURL: "<origin>/api/v1", apiKey })` works. Marked `errorFormat: "openai"`.
  listModels: route({
    method: "GET",
    path: "/models",
    summary: "The models you may use, in OpenAI's list shape",
    description:
      "The chat models your role allows (default first), then the embedding models the server offers. " +
      "Errors on the OpenAI-compatible endpoints are OpenAI's `{ error: { message, type, param, code } }`.",
    tag: "OpenAI-compatible",
    scope: "models:use",
    errorFormat: "openai",
    success: { status: 200, schema: ModelList, description: "The models." },
  }),
  createChatCompletion: route({
    method: "POST",
    path: "/chat/completions",
    summary: "A chat completion, as OpenAI's Chat Completions API answers it",
    description:
      "Messages with `system`, `developer`, `user` (text and `image_url` parts), `assistant` (with `tool_calls`) " +
      "and `tool` roles. `tools` and `tool_choice` reach the model; its `tool_calls` come back for your program to " +
      "run (Parley runs none). `temperature`, `top_p`, `max_tokens`/`max_completion_tokens`, `stop`, `seed`, " +
      "penalties and `response_format` are passed on. Reasoning comes back as `reasoning_content`. Your role's " +
      "models, messages per minute and tokens per day apply, and the tokens count in your usage; requests are " +
      'not stored unless the key has "Keep requests as conversations". `n` other than 1 and `logprobs` are ' +
      "refused. Unknown model: 404 `model_not_found`; not allowed: 403; limits: 429 with `Retry-After`.",
    tag: "OpenAI-compatible",
    scope: "models:use",
    errorFormat: "openai",
    body: ChatCompletionRequest,
    maxBodyBytes: CHAT_BODY_BYTES,
    maxDepth: MAX_JSON_DEPTH,
    streams: true,
    notFound: true,
    success: { status: 200, schema: ChatCompletion, description: "The completion." },
  }),
  createEmbeddings: route({
    method: "POST",
    path: "/embeddings",
    summary: "Embeddings from the server's embedding models (PARLEY_EMBEDDING_MODELS)",
    description:
      "Text (a string or up to 2048 strings) only, not token arrays; `encoding_format: base64` and `dimensions` " +
      "are supported. Tokens count in your usage and against your daily limit.",
    tag: "OpenAI-compatible",
    scope: "models:use",
    errorFormat: "openai",
    body: EmbeddingRequest,
    maxBodyBytes: CHAT_BODY_BYTES,
    maxDepth: MAX_JSON_DEPTH,
    notFound: true,
    success: { status: 200, schema: EmbeddingList, description: "The embeddings, in the order of the input." },
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
