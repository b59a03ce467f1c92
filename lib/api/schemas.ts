import { z } from "zod";
import { REASONING_EFFORTS } from "../ai/reasoning-effort";
import { SCOPES } from "../auth/scopes";
import { MAX_MESSAGE_CHARS, MAX_SYSTEM_PROMPT_CHARS, MAX_TITLE_CHARS } from "../limits";
import { hasVisibleText } from "../text";

// The REST API's wire shapes. Requests are validated with these and the OpenAPI document is generated
// from them, so the two cannot drift. Field names are snake_case on the wire.

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_TITLE_LENGTH = MAX_TITLE_CHARS;
export const MAX_SYSTEM_PROMPT_LENGTH = MAX_SYSTEM_PROMPT_CHARS;
export const MAX_MESSAGE_LENGTH = MAX_MESSAGE_CHARS;
export const MAX_MODEL_ID_LENGTH = 200;

const booleanQuery = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .meta({ description: "`true` or `false`." });

export const IdParams = z.object({ id: z.string().min(1).max(200).meta({ description: "The resource's id." }) });

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE)
  .default(DEFAULT_PAGE_SIZE)
  .meta({ description: `Page size, 1 to ${MAX_PAGE_SIZE}.` });
const cursor = z
  .string()
  .min(1)
  .max(500)
  .optional()
  .meta({ description: "The `next_cursor` of the previous page; omit for the first page." });

export const ListConversationsQuery = z.object({
  cursor,
  limit,
  archived: booleanQuery.optional(),
  pinned: booleanQuery.optional(),
  q: z.string().trim().min(1).max(200).optional().meta({
    description: "Matches the title or any message text (titles only for a key without messages:read).",
  }),
});

export const ListMessagesQuery = z.object({
  cursor,
  limit,
  order: z.enum(["asc", "desc"]).default("asc").meta({ description: "`asc` oldest first, `desc` newest first." }),
});

export const FlatListMessagesQuery = ListMessagesQuery.extend({
  conversation_id: z.string().min(1).max(200).meta({ description: "The conversation to list." }),
});

export const DeleteConversationQuery = z.object({
  permanent: booleanQuery.default(false).meta({ description: "`true` deletes for good instead of to the trash." }),
});

const title = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TITLE_LENGTH)
  .refine(hasVisibleText, "A title needs at least one visible character.")
  .nullable();
const model = z.string().trim().min(1).max(MAX_MODEL_ID_LENGTH).nullable();
const systemPrompt = z.string().max(MAX_SYSTEM_PROMPT_LENGTH).nullable();

export const CreateConversationBody = z.strictObject({
  id: z.uuid().optional().meta({ description: "A client-chosen id; a fresh one when omitted." }),
  title: title.optional().meta({ examples: ["Trip to Lisbon"] }),
  model: model.optional(),
  system_prompt: systemPrompt.optional(),
  pinned: z.boolean().optional(),
  archived: z.boolean().optional(),
  project_id: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .meta({ description: "The project the conversation belongs to (its instructions and files apply); null: none." }),
});

export const PatchConversationBody = z
  .strictObject({
    title: title.optional().meta({ examples: ["Lisbon, day by day"] }),
    pinned: z
      .boolean()
      .optional()
      .meta({ examples: [true] }),
    archived: z.boolean().optional(),
    model: model.optional(),
    system_prompt: systemPrompt.optional(),
    project_id: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .optional()
      .meta({ description: "The project the conversation belongs to (its instructions and files apply); null: none." }),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "Send at least one field to change." });

export const PutConversationBody = z.strictObject({
  title,
  pinned: z.boolean(),
  archived: z.boolean(),
  model,
  system_prompt: systemPrompt,
  project_id: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .meta({ description: "The project the conversation belongs to (its instructions and files apply); null: none." }),
});

const messageText = z
  .string()
  .min(1)
  .max(MAX_MESSAGE_LENGTH)
  .meta({ description: "The message text.", examples: ["Plan three days in Lisbon for me."] });
const reasoningEffort = z
  .enum(REASONING_EFFORTS)
  .optional()
  .meta({
    description:
      "How hard a reasoning model thinks (`low`, `medium`, `high`), for models an admin marked as taking an effort " +
      "(others ignore it).",
  });
const stream = z.boolean().default(false).meta({ description: "Stream the reply as server-sent events." });
const attachments = z
  .array(z.string().min(1).max(200))
  .max(100)
  .optional()
  .meta({
    description:
      "Ids of files uploaded with `POST /files` that this message carries (images, PDFs, text files). An edit " +
      "keeps the original's files when omitted.",
  });

export const PostMessageBody = z.strictObject({
  id: z
    .uuid()
    .optional()
    .meta({
      description:
        "A client-chosen id: sending the same id again does not add a second message. A fresh one when omitted " +
        "(or derived from the `Idempotency-Key` header).",
    }),
  role: z
    .literal("user", {
      error:
        "Only user messages can be sent: the model writes the replies. Assistant, system and tool messages " +
        "only arrive by importing a conversation (an import endpoint is not available in this version).",
    })
    .optional()
    .meta({ description: "Always `user` when given: the assistant's messages come from the model." }),
  content: messageText,
  parent_id: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .meta({ description: "The message to reply under; the end of the current thread when omitted, null for a root." }),
  model: z.string().trim().min(1).max(MAX_MODEL_ID_LENGTH).optional(),
  reasoning_effort: reasoningEffort,
  stream,
  attachments,
});

export const FlatPostMessageBody = PostMessageBody.extend({ conversation_id: z.string().min(1).max(200) });

export const EditMessageBody = z.strictObject({
  id: z.uuid().optional().meta({ description: "The id of the edited copy (a new branch); fresh when omitted." }),
  content: messageText,
  model: z.string().trim().min(1).max(MAX_MODEL_ID_LENGTH).optional(),
  reasoning_effort: reasoningEffort,
  stream,
  attachments,
});

// Responses.

const timestamp = z.iso.datetime();

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "`kind` or `kind:subject`, e.g. `not_found:conversation`." }),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

export const Conversation = z
  .object({
    object: z.literal("conversation"),
    id: z.string().meta({ examples: ["0c9a4c8e-2f7b-4d1a-8e3c-5b6a7d8e9f01"] }),
    title: z
      .string()
      .nullable()
      .meta({ examples: ["Trip to Lisbon"] }),
    model: z
      .string()
      .nullable()
      .meta({ examples: ["offline"] }),
    system_prompt: z
      .string()
      .nullable()
      .meta({ examples: [null] }),
    pinned: z.boolean(),
    archived: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
    deleted_at: timestamp.nullable().meta({ description: "When it was moved to the trash." }),
    project_id: z
      .string()
      .nullable()
      .meta({ description: "Its project, or null.", examples: [null] }),
  })
  .meta({ id: "Conversation" });

export const MessagePart = z.looseObject({ type: z.string() }).meta({
  id: "MessagePart",
  description: "An AI SDK UI message part: text, reasoning, tool call, file…",
  examples: [{ type: "text", text: "Day 1: Alfama and the castle…" }],
});

export const Message = z
  .object({
    object: z.literal("message"),
    id: z.string(),
    conversation_id: z.string(),
    parent_id: z.string().nullable(),
    role: z.enum(["user", "assistant", "system", "tool"]).meta({ examples: ["assistant"] }),
    content: z.string().meta({ examples: ["Day 1: Alfama and the castle…"] }),
    parts: z.array(MessagePart),
    attachments: z
      .array(z.object({ id: z.string(), name: z.string(), media_type: z.string(), size: z.number().int() }))
      .meta({
        description: "The files the message carries (`GET /files/{id}/content` downloads one).",
        examples: [[]],
      }),
    sources: z
      .array(
        z.object({
          file_id: z.string(),
          name: z.string().meta({ examples: ["handbook.pdf"] }),
          page: z.number().int().nullable().meta({ description: "PDFs: the 1-based page of the passage." }),
          offset: z.number().int().meta({ description: "Character offset of the passage in the page (or file)." }),
        }),
      )
      .meta({
        description: "In a project chat: the passages of the project's files the reply was given, each once.",
        examples: [[]],
      }),
    status: z.enum(["complete", "streaming", "aborted", "error"]),
    error: z
      .string()
      .nullable()
      .meta({ examples: [null] }),
    model: z
      .string()
      .nullable()
      .meta({ examples: ["offline"] }),
    created_at: timestamp,
  })
  .meta({ id: "Message" });

export const Reply = z
  .object({
    object: z.literal("reply"),
    user_message: Message,
    assistant_message: Message.nullable().meta({ description: "Null only if the reply could not be started." }),
  })
  .meta({ id: "Reply" });

const list = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      object: z.literal("list"),
      data: z.array(item),
      has_more: z.boolean(),
      next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null at the end." }),
    })
    .meta({ id });

export const ConversationList = list(Conversation, "ConversationList");
export const MessageList = list(Message, "MessageList");

export const Me = z
  .object({
    object: z.literal("user"),
    id: z.string(),
    email: z.string().meta({ examples: ["ada@example.com"] }),
    username: z.string().meta({ examples: ["ada"] }),
    full_name: z
      .string()
      .nullable()
      .meta({ examples: ["Ada Lovelace"] }),
    bio: z
      .string()
      .nullable()
      .meta({ examples: [null] }),
    email_verified: z.boolean(),
    created_at: timestamp,
    auth: z.object({
      via: z.enum(["api_key", "access_token", "session"]),
      scopes: z.array(z.enum(SCOPES)),
    }),
  })
  .meta({ id: "Me" });

export type ConversationOut = z.infer<typeof Conversation>;
export type MessageOut = z.infer<typeof Message>;

// Direct messages between people.

const username = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .meta({ description: "A person's username.", examples: ["grace"] });

export const DirectThreadQuery = z.object({
  with: username.meta({ description: "The other person's username.", examples: ["grace"] }),
  cursor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "The `next_cursor` of the previous page (earlier messages); omit for the newest." }),
  limit,
});

export const SendDirectMessageBody = z.strictObject({
  to: username.meta({ description: "The recipient's username.", examples: ["grace"] }),
  content: z
    .string()
    .min(1)
    .max(4000)
    .meta({ description: "The message text.", examples: ["Lunch at noon?"] }),
  parent_id: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .meta({ description: "The message this one replies to (shown quoted)." }),
});

export const MarkDirectReadBody = z.strictObject({
  with: username
    .optional()
    .meta({ description: "Only messages from this person; every unread message when omitted.", examples: ["grace"] }),
});

export const BlockBody = z.strictObject({
  username: username.meta({ description: "The person to block.", examples: ["mallory"] }),
});

export const UsernameParams = z.object({ username: z.string().min(1).max(64).meta({ description: "A username." }) });

export const RecipientQuery = z.object({
  q: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .meta({ description: "The start of a username, at least 2 characters.", examples: ["gr"] }),
});

export const DirectEventsQuery = z.object({
  // Event ids are 32-bit integers (an Int column): anything larger is not an id this API gave out.
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional().meta({
    description: "Replay events after this id (kept a day); only new ones when omitted. `Last-Event-ID` works too.",
  }),
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(3600)
    .meta({ description: "Seconds to keep the stream open; 0 sends what is waiting and closes." }),
});

const person = z.string().meta({ description: "A username (`deleted user` once that account is gone)." });

export const DirectMessage = z
  .object({
    object: z.literal("direct_message"),
    id: z.string(),
    from: person.meta({ examples: ["ada"] }),
    to: person.meta({ examples: ["grace"] }),
    content: z.string().meta({ examples: ["Lunch at noon?"] }),
    parent_id: z.string().nullable(),
    parent: z
      .object({
        id: z.string(),
        from: person.meta({ examples: ["grace"] }),
        content: z.string().meta({ examples: ["Are you free tomorrow?"] }),
      })
      .nullable()
      .meta({ description: "The message replied to, its text cut to 200 characters." }),
    read_at: timestamp.nullable().meta({ description: "When the recipient read it; null while unread." }),
    created_at: timestamp,
  })
  .meta({ id: "DirectMessage" });

export const DirectMessageList = list(DirectMessage, "DirectMessageList");

export const DirectThread = z
  .object({
    object: z.literal("direct_thread"),
    with: z.object({
      username: z.string().meta({ examples: ["grace"] }),
      full_name: z
        .string()
        .nullable()
        .meta({ examples: ["Grace Hopper"] }),
    }),
    last_message: z.object({
      content: z.string().meta({ examples: ["Lunch at noon?"] }),
      from_me: z.boolean(),
      created_at: timestamp,
    }),
    unread: z.number().int().meta({ description: "Messages from them you have not read." }),
  })
  .meta({ id: "DirectThread" });

export const DirectThreadList = z
  .object({ object: z.literal("list"), data: z.array(DirectThread), unread: z.number().int() })
  .meta({ id: "DirectThreadList" });

export const ReadResult = z
  .object({ object: z.literal("read"), count: z.number().int(), read_at: timestamp })
  .meta({ id: "ReadResult" });

export const Block = z
  .object({
    object: z.literal("block"),
    username: z.string().meta({ examples: ["mallory"] }),
    created_at: timestamp,
  })
  .meta({ id: "Block" });

export const BlockList = z.object({ object: z.literal("list"), data: z.array(Block) }).meta({ id: "BlockList" });

export const RecipientList = z
  .object({
    object: z.literal("list"),
    data: z.array(
      z.object({
        username: z.string().meta({ examples: ["grace"] }),
        full_name: z
          .string()
          .nullable()
          .meta({ examples: ["Grace Hopper"] }),
      }),
    ),
  })
  .meta({ id: "RecipientList" });
export type DirectMessageOut = z.infer<typeof DirectMessage>;

export const ImportResult = z
  .object({
    object: z.literal("import"),
    format: z.enum(["chatgpt", "parley"]).meta({ description: "What the file was read as." }),
    imported: z.int().meta({ description: "Conversations added to your history." }),
    skipped: z.int().meta({ description: "Already imported (or already yours), or with nothing shown in them." }),
    failed: z.int().meta({ description: "Could not be saved; importing the same file again retries only these." }),
    messages_cut: z.int().meta({
      description:
        "Messages of the imported conversations cut to the limits a send obeys (32,000 characters for a question, 128,000 for a reply); a cut message ends with a note saying so.",
    }),
    conversations: z.array(
      z
        .object({
          index: z.int().meta({ description: "Position in the file, from 0." }),
          title: z.string().nullable(),
          status: z.enum(["imported", "skipped", "failed"]),
          id: z.string().nullable().meta({ description: "The new conversation's id when imported." }),
          reason: z.string().nullable().meta({ description: "Why it was skipped or failed." }),
          messages: z.int().meta({ description: "Messages in it (every branch)." }),
          left_out: z.int().meta({ description: "ChatGPT nodes not imported: system, tool, hidden, empty." }),
          cut: z.int().meta({ description: "Messages in it cut to the limits a send obeys." }),
        })
        .meta({ id: "ImportedConversation" }),
    ),
  })
  .meta({ id: "ImportResult" });
