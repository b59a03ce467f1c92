// Run by bench/pages.ts once the server has migrated DATABASE_URL: written straight to the database (not through
// the app), so seeding 10,000 messages takes seconds. One reader with a conversation of 10 messages and one of
// 10,000 (alternating question and reply in one branch, some replies with Markdown and code), and a second reader
// whose sidebar holds 10,000 conversations. Prints one JSON line.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import { createUser } from "../lib/db/users";

const password = `bench ${randomUUID()}`;
const passwordHash = await hashPassword(password);

async function account(prefix: string) {
  const username = `${prefix}${randomUUID().slice(0, 8)}`;
  const user = await createUser({ email: `${username}@bench.test`, username, passwordHash });
  return { id: user.id, login: username };
}

const REPLY = [
  "Here is a short answer with **bold** text, a list and some code:",
  "",
  "- first point",
  "- second point",
  "",
  "```ts",
  "export function sum(values: number[]): number {",
  "  return values.reduce((total, value) => total + value, 0);",
  "}",
  "```",
].join("\n");

/** A conversation of `count` messages, oldest first, each the parent of the next; returns the newest id. */
async function conversation(userId: string, count: number, title: string) {
  const start = Date.now() - count * 60_000;
  const conversation = await db.conversation.create({ data: { userId, title, modelId: "offline" } });
  let parentId: string | null = null;
  let newest = "";
  for (let from = 0; from < count; from += 500) {
    const rows = [];
    for (let i = from; i < Math.min(count, from + 500); i++) {
      const id = randomUUID();
      const user = i % 2 === 0;
      const text = user ? `Question number ${i}: how does this work?` : i % 10 === 1 ? REPLY : `Answer number ${i}.`;
      rows.push({
        id,
        conversationId: conversation.id,
        authorId: user ? userId : null,
        role: user ? "user" : "assistant",
        content: text,
        parts: [{ type: "text", text }],
        status: "complete",
        parentId,
        modelId: user ? null : "offline",
        seq: i + 1,
        createdAt: new Date(start + i * 60_000),
      });
      parentId = id;
      newest = id;
    }
    await db.message.createMany({ data: rows });
  }
  await db.conversation.update({ where: { id: conversation.id }, data: { updatedAt: new Date() } });
  return { id: conversation.id, newestMessageId: newest };
}

const reader = await account("pages");
const small = await conversation(reader.id, 10, "Ten messages");
const large = await conversation(reader.id, 10_000, "Ten thousand messages");

const collector = await account("sidebar");
const now = Date.now();
for (let from = 0; from < 10_000; from += 1000) {
  await db.conversation.createMany({
    data: Array.from({ length: 1000 }, (_, k) => {
      const i = from + k;
      const at = new Date(now - (10_000 - i) * 60_000);
      return { userId: collector.id, title: `Conversation ${i}`, createdAt: at, updatedAt: at };
    }),
  });
}
// The sidebar's newest entry is a real conversation with messages, opened by the bench.
const collectorChat = await conversation(collector.id, 10, "Newest of ten thousand");

await db.$disconnect();
console.log(JSON.stringify({ password, reader, small, large, collector, collectorChat }));
