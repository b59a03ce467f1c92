import { attachmentsOf } from "../attachments/parts";
import { sourcesOf } from "../projects/sources";
import type { ConversationOut, DirectMessageOut, MessageOut } from "./schemas";

interface ConversationRow {
  id: string;
  title: string | null;
  modelId: string | null;
  systemPrompt: string | null;
  pinned: boolean;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  projectId?: string | null;
}

export function serializeConversation(row: ConversationRow): ConversationOut {
  return {
    object: "conversation",
    id: row.id,
    title: row.title,
    model: row.modelId,
    system_prompt: row.systemPrompt,
    pinned: row.pinned,
    archived: row.archived,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    deleted_at: row.deletedAt?.toISOString() ?? null,
    project_id: row.projectId ?? null,
  };
}

interface MessageRow {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: string;
  content: string;
  parts: unknown;
  status: string;
  error: string | null;
  modelId: string | null;
  createdAt: Date;
}

export function serializeMessage(row: MessageRow): MessageOut {
  return {
    object: "message",
    id: row.id,
    conversation_id: row.conversationId,
    parent_id: row.parentId,
    role: row.role as MessageOut["role"],
    content: row.content,
    parts: Array.isArray(row.parts) ? (row.parts as MessageOut["parts"]) : [],
    attachments: attachmentsOf(row.parts).map((a) => ({
      id: a.id,
      name: a.name,
      media_type: a.mediaType,
      size: a.size,
    })),
    sources: sourcesOf(row.parts).map((s) => ({ file_id: s.fileId, name: s.name, page: s.page, offset: s.offset })),
    status: row.status as MessageOut["status"],
    error: row.error,
    model: row.modelId,
    created_at: row.createdAt.toISOString(),
  };
}

interface DirectMessageRow {
  id: string;
  from: string;
  to: string;
  content: string;
  parentId: string | null;
  parent: { id: string; from: string; content: string } | null;
  readAt: Date | null;
  createdAt: Date;
}

export function serializeDirectMessage(row: DirectMessageRow): DirectMessageOut {
  return {
    object: "direct_message",
    id: row.id,
    from: row.from,
    to: row.to,
    content: row.content,
    parent_id: row.parentId,
    parent: row.parent,
    read_at: row.readAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}
