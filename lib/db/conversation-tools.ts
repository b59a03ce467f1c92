import "server-only";
import { AppError } from "../errors";
import { db } from "./client";
import type { Prisma } from "./generated/sqlite/client";

/**
 * Which MCP servers and tools a person turned off for one conversation (the composer's Tools menu): ids of
 * McpServer and McpTool rows. Nothing stored: everything their roles allow. Filtered by the owner in the query.
 */

const MAX_OFF = 500;

export async function getToolsOff({ conversationId, userId }: { conversationId: string; userId: string }) {
  const row = await db.conversationTools.findFirst({
    where: { conversationId, conversation: { userId } },
    select: { off: true },
  });
  const off = row?.off;
  return new Set(Array.isArray(off) ? off.filter((v): v is string => typeof v === "string") : []);
}

export async function setToolsOff({
  conversationId,
  userId,
  off,
}: {
  conversationId: string;
  userId: string;
  off: string[];
}): Promise<void> {
  const owned = await db.conversation.findFirst({
    where: { id: conversationId, userId, deletedAt: null },
    select: { id: true },
  });
  if (!owned) throw new AppError("not_found:conversation");
  const value = [...new Set(off)].slice(0, MAX_OFF) as Prisma.InputJsonValue;
  await db.conversationTools.upsert({
    where: { conversationId },
    create: { conversationId, off: value },
    update: { off: value },
  });
}
