// One dialect's benchmarks, on the scratch database named by DATABASE_URL (bench/run.ts prepares it).
// Prints one JSON line with the results. Run through bench/run.ts.
import { randomUUID } from "node:crypto";
import { createOpenAI } from "@ai-sdk/openai";
import { streamText } from "ai";
import { startMockServer } from "../test/openai-mock-server";
import { median, percentile, time } from "./stats";

const WORDS = Array.from({ length: 30 }, (_, i) => `token${i}`).join(" ");

async function main() {
  const mock = await startMockServer();
  process.env.OPENAI_BASE_URL = mock.baseURL;
  process.env.OPENAI_API_KEY = "bench";
  process.env.PARLEY_MODELS = "bench-model";
  process.env.PARLEY_MESSAGES_PER_MINUTE = "1000000";
  process.env.PARLEY_LOG_LEVEL = "silent";

  const { db } = await import("../lib/db/client");
  const { startReply } = await import("../lib/chat/generate");
  const { getThread } = await import("../lib/db/messages");
  const { listConversations } = await import("../lib/db/conversations");

  const newUser = (tag: string) =>
    db.user.create({
      data: {
        email: `${tag}-${randomUUID()}@bench.test`,
        username: `${tag}${randomUUID().slice(0, 8)}`,
        passwordHash: "x",
      },
    });

  // 1. Time to first token: the model server called directly (same provider code) vs through Parley's service.
  mock.setReply({ text: WORDS, delayMs: 0 });
  const provider = createOpenAI({ baseURL: mock.baseURL, apiKey: "bench" });
  const firstToken = async (stream: AsyncIterable<{ type: string }>, start: number) => {
    for await (const part of stream) if (part.type === "text-delta") return performance.now() - start;
    throw new Error("no text");
  };
  const rounds = Number(process.env.BENCH_TTFT_ROUNDS ?? 60);
  const measureTtft = async () => {
    const direct: number[] = [];
    const viaParley: number[] = [];
    const user = await newUser("ttft");
    const conversationId = randomUUID();
    let parentId: string | null = null;
    for (let i = 0; i < rounds + 5; i++) {
      const t0 = performance.now();
      const result = streamText({ model: provider.chat("bench-model"), prompt: "hello" });
      const d = await firstToken(result.stream as AsyncIterable<{ type: string }>, t0);
      await result.consumeStream();

      const t1 = performance.now();
      const reply = await startReply({
        userId: user.id,
        conversationId,
        userMessage: { id: randomUUID(), text: `hello ${i}`, parentId },
      });
      const p = await firstToken(reply.stream as unknown as AsyncIterable<{ type: string }>, t1);
      await reply.done;
      parentId = reply.assistantMessageId;
      if (i >= 5) {
        direct.push(d);
        viaParley.push(p);
      }
    }
    const added = viaParley.map((p, i) => p - (direct[i] ?? 0));
    return {
      rounds,
      directMedian: median(direct),
      directP95: percentile(direct, 95),
      parleyMedian: median(viaParley),
      parleyP95: percentile(viaParley, 95),
      addedMedian: median(added),
      addedP95: percentile(added, 95),
    };
  };
  // On an empty database first; again at the end, once the tables hold thousands of rows (see below).
  const ttftEmpty = await measureTtft();

  // 2. A conversation page (newest 50 of the visible path) with 10,000 messages vs 10.
  const seedThread = async (count: number) => {
    const owner = await newUser("thread");
    const convo = await db.conversation.create({ data: { userId: owner.id, title: `thread ${count}` } });
    const ids = Array.from({ length: count }, () => randomUUID());
    const rows = ids.map((id, i) => ({
      id,
      conversationId: convo.id,
      authorId: i % 2 ? null : owner.id,
      role: i % 2 ? "assistant" : "user",
      content: `message ${i} ${"lorem ipsum ".repeat(20)}`,
      parts: [{ type: "text", text: `message ${i} ${"lorem ipsum ".repeat(20)}` }],
      parentId: i === 0 ? null : (ids[i - 1] as string),
      seq: i + 1,
    }));
    for (let i = 0; i < rows.length; i += 500) await db.message.createMany({ data: rows.slice(i, i + 500) });
    return { userId: owner.id, conversationId: convo.id };
  };
  const small = await seedThread(10);
  const medium = await seedThread(100);
  const large = await seedThread(10_000);
  const threadSmall = await time(60, () => getThread({ ...small, limit: 50 }));
  const threadMedium = await time(60, () => getThread({ ...medium, limit: 50 }));
  const threadLarge = await time(60, () => getThread({ ...large, limit: 50 }));
  const largePage = await getThread({ ...large, limit: 50 });
  if (largePage.messages.length !== 50 || !largePage.hasMore) throw new Error("thread page is wrong");

  // 3. The sidebar's first page with 10,000 conversations vs 10.
  const seedConversations = async (count: number) => {
    const owner = await newUser("sidebar");
    const base = Date.now() - count * 1000;
    const rows = Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      userId: owner.id,
      title: `Conversation ${i}`,
      pinned: i % 500 === 0,
      updatedAt: new Date(base + i * 1000),
    }));
    for (let i = 0; i < rows.length; i += 1000) await db.conversation.createMany({ data: rows.slice(i, i + 1000) });
    return owner.id;
  };
  const fewOwner = await seedConversations(10);
  const manyOwner = await seedConversations(10_000);
  // Refresh planner statistics after the bulk load, as a live database's autovacuum would.
  await db.$executeRawUnsafe("ANALYZE");
  const sidebarSmall = await time(60, () => listConversations({ userId: fewOwner, limit: 50 }));
  const sidebarLarge = await time(60, () => listConversations({ userId: manyOwner, limit: 50 }));

  // 1b. The same on a database that already holds 10,000+ messages and 10,000 conversations, with fresh
  // statistics: PostgreSQL plans the thread query with sequential scans while the tables are tiny.
  const ttftLoaded = await measureTtft();

  // 4. 50 people each start a new conversation at the same moment (titles are generated too).
  mock.setReply({ text: WORDS, delayMs: 5 });
  const streamUsers = await Promise.all(Array.from({ length: 50 }, () => newUser("load")));
  const t0 = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, async (_, i) => {
      const started = performance.now();
      const owner = streamUsers[i]!;
      const reply = await startReply({
        userId: owner.id,
        conversationId: randomUUID(),
        userMessage: { id: randomUUID(), text: `load ${i}`, parentId: null },
      });
      let text = "";
      let first = 0;
      for await (const chunk of reply.stream as unknown as AsyncIterable<{ type: string; delta?: string }>) {
        if (chunk.type === "text-delta") {
          if (!first) first = performance.now() - started;
          text += chunk.delta;
        }
      }
      await reply.done;
      const stored = await db.message.findUnique({ where: { id: reply.assistantMessageId } });
      const complete = text === WORDS && stored?.status === "complete" && stored.content === WORDS;
      return { complete, first };
    }),
  );
  const loadSeconds = (performance.now() - t0) / 1000;
  const fulfilled = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  const errors = outcomes.length - fulfilled.length;
  const firstUnderLoad = fulfilled.map((o) => o.first);

  await mock.close();
  await db.$disconnect();
  console.log(
    JSON.stringify({
      ttft: ttftEmpty,
      ttftLoaded,
      thread: {
        small: median(threadSmall),
        medium: median(threadMedium),
        large: median(threadLarge),
        largeP95: percentile(threadLarge, 95),
      },
      sidebar: { small: median(sidebarSmall), large: median(sidebarLarge), largeP95: percentile(sidebarLarge, 95) },
      load: {
        streams: 50,
        errors,
        complete: fulfilled.filter((o) => o.complete).length,
        seconds: loadSeconds,
        firstTokenMedian: median(firstUnderLoad),
        firstTokenP95: percentile(firstUnderLoad, 95),
      },
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
