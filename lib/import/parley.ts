import { z } from "zod";
import { MAX_SYSTEM_PROMPT_CHARS, MAX_TITLE_CHARS } from "../limits";
import type { MessagePart } from "../message-types";
import type { ConversationProblem, PlannedConversation, PlannedMessage } from "./plan";
import { cutLongMessages, storableJson, storableText } from "./plan";

// Parley's own JSON export (lib/export/conversation-export.ts, `parley.conversation.v1`): one conversation
// with every branch, messages in the order they were written, each with its parent's id.

export const PARLEY_FORMAT = "parley.conversation.v1";

const Time = z.iso.datetime({ offset: true });

const ParleyMessage = z.looseObject({
  id: z.string().min(1).max(200),
  parentId: z.string().max(200).nullable(),
  role: z.enum(["user", "assistant", "system", "tool"]),
  content: z.string(),
  parts: z.array(z.looseObject({ type: z.string() })),
  status: z.enum(["complete", "streaming", "aborted", "error"]).default("complete"),
  error: z.string().max(10_000).nullable().optional(),
  modelId: z.string().max(200).nullable().optional(),
  inputTokens: z.number().int().min(0).nullable().optional(),
  outputTokens: z.number().int().min(0).nullable().optional(),
  createdAt: Time,
});

export const ParleyExport = z.looseObject({
  format: z.literal(PARLEY_FORMAT),
  conversation: z.looseObject({
    id: z.string().min(1).max(200),
    title: z.string().nullable().optional(),
    modelId: z.string().max(200).nullable().optional(),
    systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_CHARS).nullable().optional(),
    currentLeafId: z.string().max(200).nullable().optional(),
    createdAt: Time,
    updatedAt: Time,
  }),
  messages: z.array(ParleyMessage),
});

export function looksLikeParley(value: unknown): boolean {
  return Boolean(value && typeof value === "object" && "format" in value && "conversation" in value);
}

export function planParley(value: unknown): { plan: PlannedConversation } | { problems: ConversationProblem[] } {
  const parsed = ParleyExport.safeParse(value);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    };
  }
  const { conversation, messages } = parsed.data;
  const keyOf = new Map<string, number>();
  const planned: PlannedMessage[] = [];
  for (const [i, message] of messages.entries()) {
    if (keyOf.has(message.id)) {
      return { problems: [{ path: `messages.${i}.id`, message: `Message id "${message.id}" appears twice.` }] };
    }
    const parentKey = message.parentId === null ? null : keyOf.get(message.parentId);
    if (parentKey === undefined) {
      return {
        problems: [
          {
            path: `messages.${i}.parentId`,
            message: `The parent "${message.parentId}" is not an earlier message of this conversation.`,
          },
        ],
      };
    }
    keyOf.set(message.id, i);
    planned.push({
      key: i,
      parentKey,
      role: message.role,
      content: storableText(message.content),
      parts: storableJson(message.parts) as MessagePart[],
      // Nothing is writing an imported reply any more: one that was still streaming is as if stopped.
      status: message.status === "streaming" ? "aborted" : message.status,
      error: message.error ?? null,
      modelId: message.modelId ?? null,
      inputTokens: message.inputTokens ?? null,
      outputTokens: message.outputTokens ?? null,
      createdAt: new Date(message.createdAt),
    });
  }
  const title = storableText(conversation.title ?? "")
    .trim()
    .slice(0, MAX_TITLE_CHARS);
  const leaf = conversation.currentLeafId ? keyOf.get(conversation.currentLeafId) : undefined;
  const cutMessages = cutLongMessages(planned);
  return {
    plan: {
      source: `parley:${conversation.id}`,
      originalId: conversation.id,
      title: title || null,
      modelId: conversation.modelId ?? null,
      systemPrompt: conversation.systemPrompt ? storableText(conversation.systemPrompt) : null,
      createdAt: new Date(conversation.createdAt),
      updatedAt: new Date(conversation.updatedAt),
      messages: planned,
      currentLeafKey: leaf ?? null,
      skippedNodes: 0,
      cutMessages,
    },
  };
}
