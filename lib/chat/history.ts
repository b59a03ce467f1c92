import "server-only";
import { convertToModelMessages, type ModelMessage, type UIMessage } from "ai";
import { attachmentPrompt } from "../attachments/model-input";
import { attachmentsOf } from "../attachments/parts";
import { attachmentsForModel, type ModelAttachment } from "../db/attachments";
import type { MessagePart, MessageRole, MessageStatus } from "../db/messages";

/** How much of a long conversation the model sees (newest messages of the visible path). */
export const CONTEXT_MESSAGES = 100;

export interface HistoryMessage {
  id: string;
  role: MessageRole;
  parts: MessagePart[];
  status: MessageStatus;
}

export interface ModelInputOptions {
  userId: string;
  /** Whether the model takes images; otherwise it is told an image was attached that it cannot see. */
  vision: boolean;
  /** Characters of one file's text given to the model. */
  textChars: number;
  /** A reply being continued after a tool approval: its answered approvals go to the model (which runs them). */
  continuing?: string;
}

/**
 * The model's view of a thread: failed and empty replies and unfinished tool calls left out, attachments
 * turned into what the model reads (images as image parts, documents as their text).
 */
export async function toModelMessages(history: HistoryMessage[], options: ModelInputOptions): Promise<ModelMessage[]> {
  const ids = history.flatMap((m) => (m.role === "user" ? attachmentsOf(m.parts).map((a) => a.id) : []));
  const files = new Map((await attachmentsForModel({ ids, userId: options.userId })).map((f) => [f.id, f]));
  return convertToModelMessages(
    history.map((m) => toUIMessage(m, files, options)).filter((m): m is UIMessage => m !== null),
  );
}

function toUIMessage(
  message: HistoryMessage,
  files: Map<string, ModelAttachment>,
  options: ModelInputOptions,
): UIMessage | null {
  if (message.role !== "user" && message.role !== "assistant") return null;
  if (message.role === "assistant" && (message.status === "error" || message.status === "streaming")) return null;
  const parts = message.parts.flatMap((part): MessagePart[] => {
    // A model's reasoning is shown to the person, never given back to a model (DeepSeek's API refuses it, and
    // another model would read it as something said).
    if (part.type === "reasoning") return [];
    if (part.type === "text") {
      return typeof part.text === "string" && part.text.length > 0 ? [part] : [];
    }
    if (part.type.startsWith("tool-")) {
      if (part.state === "approval-responded") return message.id === options.continuing ? [part] : [];
      return ["output-available", "output-error", "output-denied"].includes(String(part.state)) ? [part] : [];
    }
    if (part.type === "file" && message.role === "user" && typeof part.fileId === "string") {
      return attachmentPrompt(part as { filename?: unknown }, files.get(part.fileId), options) as MessagePart[];
    }
    return part.type === "step-start" ? [part] : [];
  });
  if (!parts.some((p) => p.type !== "step-start")) return null;
  return { id: message.id, role: message.role, parts: parts as UIMessage["parts"] };
}
