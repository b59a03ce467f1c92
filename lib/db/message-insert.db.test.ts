// insertMessages writes the common send (no files, nothing to follow) with a hand-written INSERT … RETURNING
// instead of Prisma's createManyAndReturn (see lib/db/messages.ts for why). This keeps it honest: a column
// added to Message but left out of the statement's RETURNING list, or read back differently, fails here.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { db } from "./client";
import { getOrCreateConversation } from "./conversations";
import { Prisma } from "./generated/sqlite/client";
import { insertMessages, MESSAGE_RETURNING } from "./messages";

describe("the hand-written Message INSERT … RETURNING", () => {
  it("names every scalar field of the schema's Message model", () => {
    const returning = MESSAGE_RETURNING.split(",").map((column) => column.trim().replaceAll('"', ""));
    expect(returning.sort()).toEqual(Object.values(Prisma.MessageScalarFieldEnum).sort());
  });

  it("returns every column of Message, each as Prisma reads it from the table", async () => {
    const user = await createTestUser();
    const conversation = await getOrCreateConversation({ id: randomUUID(), userId: user.id, modelId: null });
    expect(conversation.currentLeafId ?? null).toBeNull();
    const userId = randomUUID();
    const replyId = randomUUID();
    const returned = await insertMessages(conversation, [
      {
        id: userId,
        role: "user",
        authorId: user.id,
        content: "hello",
        parts: [{ type: "text", text: "hello" }],
        status: "complete",
        parentId: null,
      },
      {
        id: replyId,
        role: "assistant",
        authorId: null,
        content: "",
        parts: [],
        status: "streaming",
        parentId: userId,
        modelId: "offline",
      },
    ]);
    for (const message of returned) {
      // No `select`: Prisma reads every scalar column the schema declares.
      const stored = await db.message.findUniqueOrThrow({ where: { id: message.id } });
      expect(Object.keys(message).sort()).toEqual(Object.keys(stored).sort());
      expect(message).toEqual(stored);
    }
  });
});
