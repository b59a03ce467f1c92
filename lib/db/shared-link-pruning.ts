import "server-only";
import { z } from "zod";
import { db, type Prisma } from "./client";

// Apart from shared-links.ts, which imports messages.ts: this runs from messages.ts after a delete.

const SnapshotIds = z.array(z.looseObject({ id: z.string() }));

/**
 * After messages of a conversation were deleted: its links stop showing them. A snapshot is one path, and
 * deleting a message deletes everything below it, so each snapshot ends above its first deleted message; a
 * link left with nothing to show is deleted.
 */
export async function pruneSharedSnapshots(conversationId: string): Promise<void> {
  const links = await db.sharedLink.findMany({
    where: { conversationId },
    select: { id: true, messages: true },
    take: 1000,
  });
  for (const link of links) {
    const raw = typeof link.messages === "string" ? JSON.parse(link.messages) : link.messages;
    const parsed = SnapshotIds.safeParse(raw);
    if (!parsed.success) continue;
    const snapshot = parsed.data;
    const ids = snapshot.map((m) => m.id);
    const alive = new Set(
      (await db.message.findMany({ where: { id: { in: ids }, conversationId }, select: { id: true } })).map(
        (m) => m.id,
      ),
    );
    const firstGone = ids.findIndex((id) => !alive.has(id));
    if (firstGone === -1) continue;
    if (firstGone === 0) {
      await db.sharedLink.deleteMany({ where: { id: link.id } });
      continue;
    }
    const kept = snapshot.slice(0, firstGone);
    await db.sharedLink.updateMany({
      where: { id: link.id },
      data: { messages: kept as unknown as Prisma.InputJsonValue, messageCount: kept.length },
    });
  }
}
