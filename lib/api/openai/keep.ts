import "server-only";
import { randomUUID } from "node:crypto";
import { createConversation } from "../../db/conversations";
import { insertMessages, type MessagePart, type NewMessageRow } from "../../db/messages";
import { parseArguments, textOf } from "./messages";
import type { ChatCompletionRequest } from "./schemas";

const TITLE_CHARS = 80;

interface KeptReply {
  text: string;
  reasoning: string;
  toolCalls: { id: string; name: string; arguments: string }[];
}

function toolPart(call: { id: string; name: string; arguments: string }): MessagePart {
  return {
    type: `tool-${call.name}`,
    toolCallId: call.id,
    state: "input-available",
    input: parseArguments(call.arguments),
  };
}

/**
 * Stores a gateway request and its answer as a new conversation (a key's "Keep requests as conversations"):
 * system messages become its instructions, tool calls and their results the chat's tool cards, images a note.
 */
export async function keepAsConversation(input: {
  userId: string;
  modelId: string;
  request: ChatCompletionRequest;
  reply: KeptReply;
}): Promise<string> {
  const { userId, modelId, request, reply } = input;
  const system = request.messages
    .flatMap((m) => (m.role === "system" || m.role === "developer" ? [textOf(m.content)] : []))
    .join("\n\n");
  const firstUser = request.messages.find((m) => m.role === "user");
  const firstText =
    firstUser?.role === "user"
      ? typeof firstUser.content === "string"
        ? firstUser.content
        : textOf(firstUser.content.filter((p) => p.type === "text"))
      : "";
  const title = firstText.trim().replace(/\s+/g, " ").slice(0, TITLE_CHARS) || "API request";
  const conversation = await createConversation({ userId, title, modelId, systemPrompt: system || null });

  const rows: NewMessageRow[] = [];
  const toolParts = new Map<string, MessagePart>();
  const add = (role: "user" | "assistant", parts: MessagePart[], content: string, model?: string) => {
    rows.push({
      id: randomUUID(),
      role,
      authorId: role === "user" ? userId : null,
      content,
      parts,
      status: "complete",
      parentId: rows.at(-1)?.id ?? null,
      modelId: model ?? null,
    });
  };
  for (const message of request.messages) {
    if (message.role === "user") {
      const parts =
        typeof message.content === "string"
          ? [{ type: "text", text: message.content }]
          : message.content.map((p) =>
              p.type === "text" ? { type: "text", text: p.text } : { type: "text", text: "[image]" },
            );
      add("user", parts, parts.map((p) => p.text).join(""));
    } else if (message.role === "assistant") {
      const text = textOf(message.content);
      const calls = (message.tool_calls ?? []).map((call) => {
        const part = toolPart({ id: call.id, name: call.function.name, arguments: call.function.arguments });
        toolParts.set(call.id, part);
        return part;
      });
      add("assistant", [...(text ? [{ type: "text", text }] : []), ...calls], text, modelId);
    } else if (message.role === "tool") {
      const part = toolParts.get(message.tool_call_id);
      if (part) Object.assign(part, { state: "output-available", output: textOf(message.content) });
    }
  }
  add(
    "assistant",
    [
      ...(reply.reasoning ? [{ type: "reasoning", text: reply.reasoning }] : []),
      ...(reply.text ? [{ type: "text", text: reply.text }] : []),
      ...reply.toolCalls.map(toolPart),
    ],
    reply.text,
    modelId,
  );
  await insertMessages(conversation, rows, 1);
  return conversation.id;
}
