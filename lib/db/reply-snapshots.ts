import "server-only";
import type { MessagePart } from "../message-types";
import { db, dialect } from "./client";
import { Prisma } from "./generated/sqlite/client";

/** A streaming reply's partial state: its parts and text, or null for both to renew only its heartbeat. */
export interface ReplySnapshot {
  id: string;
  parts: MessagePart[] | null;
  content: string | null;
}

// Rows per statement: a few hundred kilobytes of parameters at most for ordinary replies.
const ROWS_PER_STATEMENT = 100;

/**
 * Writes many streaming replies' snapshots and heartbeats (`updatedAt`) in one statement, instead of one each:
 * every reply an instance streams is saved once a second, and 200 of them made 200 statements a second, each
 * holding a pooled connection. Replies no longer streaming are left alone (their final state is already stored).
 */
export async function saveReplySnapshots(snapshots: ReplySnapshot[], now = new Date()): Promise<void> {
  for (let start = 0; start < snapshots.length; start += ROWS_PER_STATEMENT) {
    const rows = Prisma.join(
      snapshots
        .slice(start, start + ROWS_PER_STATEMENT)
        .map(
          (s) =>
            Prisma.sql`SELECT CAST(${s.id} AS TEXT) AS "id", CAST(${s.parts === null ? null : JSON.stringify(s.parts)} AS TEXT) AS "parts", CAST(${s.content} AS TEXT) AS "content"`,
        ),
      " UNION ALL ",
    );
    // PostgreSQL stores Json as jsonb; SQLite as its text.
    const parts = dialect === "postgresql" ? Prisma.sql`CAST(v."parts" AS JSONB)` : Prisma.sql`v."parts"`;
    await db.$executeRaw`
      UPDATE "Message" SET
        "parts" = COALESCE(${parts}, "Message"."parts"),
        "content" = COALESCE(v."content", "Message"."content"),
        "updatedAt" = ${now}
      FROM (${rows}) AS v
      WHERE "Message"."id" = v."id" AND "Message"."status" = 'streaming'`;
  }
}
