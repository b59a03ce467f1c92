import { z } from "zod";
import { REASONING_EFFORTS } from "@/lib/ai/reasoning-effort";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/limits";

/** 32,000 characters of any script, JSON-escaped, plus the envelope. */
export const MAX_CHAT_BODY_BYTES = 200 * 1024;

const TextPart = z.object({ type: z.literal("text"), text: z.string() });

export const ChatRequestSchema = z
  .object({
    conversationId: z.uuid(),
    message: z
      .object({
        id: z.uuid(),
        role: z.literal("user"),
        parts: z.array(z.union([TextPart, z.object({ type: z.string() }).loose()])).max(50),
      })
      .optional(),
    parentId: z.string().min(1).max(100).nullable().default(null),
    modelId: z.string().min(1).max(200).nullish(),
    reasoningEffort: z.enum(REASONING_EFFORTS).nullish(),
    /** Ids of uploaded files the new message carries (an edit sends the original's). */
    attachments: z.array(z.string().min(1).max(200)).max(100).default([]),
    regenerate: z.object({ messageId: z.string().min(1).max(100) }).optional(),
  })
  .superRefine((body, ctx) => {
    if (!body.message && !body.regenerate) {
      ctx.addIssue({ code: "custom", path: ["message"], message: "A message or a regenerate request is required." });
    }
    if (body.message && !body.regenerate) {
      const text = textOfParts(body.message.parts);
      if (!text.trim() && body.attachments.length === 0)
        ctx.addIssue({ code: "custom", path: ["message"], message: "The message is empty." });
      if (text.length > MAX_MESSAGE_CHARS) {
        ctx.addIssue({
          code: "custom",
          path: ["message"],
          message: `A message can be at most ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters.`,
        });
      }
    }
  });

export function textOfParts(parts: { type: string; text?: unknown }[]): string {
  return parts
    .filter((p) => p.type === "text" && typeof p.text === "string")
    .map((p) => p.text as string)
    .join("\n");
}

export const StopRequestSchema = z.object({
  messageId: z.string().min(1).max(100).nullish(),
  /** How many characters of the reply's text the person's screen showed when they pressed Stop. */
  visibleChars: z.number().int().min(0).max(10_000_000).nullish(),
});
