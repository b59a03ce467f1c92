import { z } from "zod";
import { MAX_FEEDBACK_COMMENT } from "../db/feedback-limits";
import { MAX_CUSTOM_INSTRUCTIONS } from "../db/preference-limits";

// Wire shapes of shared links, reply feedback and preferences (snake_case, like the rest of the API).

const timestamp = z.iso.datetime();

export const CreateShareBody = z.strictObject({
  message_id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({
      description:
        "The last message to include (its branch up to it). When omitted, the branch the conversation shows: " +
        "the one last chosen in the app, else the newest message's.",
    }),
});

export const ListSharesQuery = z.object({
  cursor: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: "The `next_cursor` of the previous page; omit for the first page." }),
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Page size, 1 to 100." }),
});

export const Share = z
  .object({
    object: z.literal("share"),
    id: z.string(),
    url: z.string().meta({ description: "The public read-only link; anyone who has it can read the snapshot." }),
    conversation_id: z.string(),
    title: z.string().nullable(),
    message_count: z.number().int(),
    views: z.number().int(),
    created_at: timestamp,
  })
  .meta({ id: "Share" });

export const ShareList = z
  .object({
    object: z.literal("list"),
    data: z.array(Share),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null at the end." }),
  })
  .meta({ id: "ShareList" });

export const FeedbackBody = z.strictObject({
  rating: z.enum(["up", "down"]),
  comment: z.string().max(MAX_FEEDBACK_COMMENT).nullable().optional().meta({ description: "Only with a thumbs down." }),
});

export const Feedback = z
  .object({
    object: z.literal("feedback"),
    message_id: z.string(),
    rating: z.enum(["up", "down"]),
    comment: z.string().nullable(),
    model: z.string().nullable().meta({ description: "The model that wrote the reply." }),
    updated_at: timestamp,
  })
  .meta({ id: "Feedback" });

const theme = z.enum(["system", "light", "dark"]);
const sendKey = z.enum(["enter", "mod-enter"]);

export const Preferences = z
  .object({
    object: z.literal("preferences"),
    custom_instructions: z.string().nullable(),
    default_model: z.string().nullable(),
    theme: theme.nullable().meta({ description: "Null until chosen: each device then follows its own setting." }),
    send_key: sendKey.meta({ description: "`enter` sends with Enter; `mod-enter` with Ctrl/⌘+Enter." }),
  })
  .meta({ id: "Preferences" });

export const PatchPreferencesBody = z
  .strictObject({
    custom_instructions: z
      .string()
      .max(MAX_CUSTOM_INSTRUCTIONS)
      .nullable()
      .optional()
      .meta({ description: "Added to every conversation's system prompt (after it)." }),
    default_model: z.string().trim().min(1).max(200).nullable().optional(),
    theme: theme
      .nullable()
      .optional()
      .meta({ examples: ["dark"] }),
    send_key: sendKey.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "Send at least one field to change." });
