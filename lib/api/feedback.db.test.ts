import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createConversation } from "@/lib/db/conversations";
import { eachFeedback, feedbackByModel, feedbackFor, listFeedback } from "@/lib/db/feedback";
import { type ApiUser, apiUser, call } from "@/test/api";
import { addMessage } from "@/test/factories";

let alice: ApiUser;
let question: string;
let reply: string;
let model: string;

beforeEach(async () => {
  model = `model-${randomUUID().slice(0, 8)}`;
  alice = await apiUser();
  const c = (await createConversation({ userId: alice.id })).id;
  question = randomUUID();
  await addMessage({ id: c, userId: alice.id }, { id: question, role: "user", text: "hi", parentId: null });
  reply = randomUUID();
  await addMessage(
    { id: c, userId: alice.id },
    { id: reply, role: "assistant", text: "hello", parentId: question, modelId: model, status: "complete" },
  );
});

const vote = (body: unknown, id = reply, key = alice.key) => call("PUT", `/messages/${id}/feedback`, { key, body });

describe("PUT /messages/{id}/feedback", () => {
  it("stores one vote per reply with the model id, and a new vote replaces it", async () => {
    const up = await vote({ rating: "up" });
    expect(up.status).toBe(200);
    expect(up.json).toMatchObject({ object: "feedback", message_id: reply, rating: "up", comment: null, model });
    const down = await vote({ rating: "down", comment: "  Wrong year.  " });
    expect(down.json).toMatchObject({ rating: "down", comment: "Wrong year." });
    const rows = await db.messageFeedback.findMany({ where: { messageId: reply } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: alice.id, rating: "down", comment: "Wrong year.", modelId: model });
    expect(await feedbackFor({ userId: alice.id, messageIds: [reply, question] })).toEqual(new Map([[reply, "down"]]));
  });

  it("makes one row when the first vote arrives several times at once", async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => vote({ rating: "up" })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await db.messageFeedback.count({ where: { messageId: reply } })).toBe(1);
  });

  it("refuses a comment on a thumbs up, a vote on a user message and a bad rating, storing nothing", async () => {
    const withComment = await vote({ rating: "up", comment: "nice" });
    expect(withComment.status).toBe(422);
    expect(withComment.json.error.fields).toEqual([{ field: "comment", message: "Only with a thumbs down." }]);
    expect((await vote({ rating: "up" }, question)).status).toBe(409);
    expect((await vote({ rating: "meh" })).status).toBe(422);
    expect((await vote({ rating: "down", comment: "x".repeat(2001) })).status).toBe(422);
    expect(await db.messageFeedback.count({ where: { messageId: { in: [reply, question] } } })).toBe(0);
  });

  it("is 404 for another person's reply", async () => {
    const bob = await apiUser();
    expect((await vote({ rating: "down" }, reply, bob.key)).status).toBe(404);
    expect(await db.messageFeedback.count({ where: { messageId: reply } })).toBe(0);
  });
});

describe("the admin's view", () => {
  it("counts votes by model, filters, pages and exports every matching vote", async () => {
    await vote({ rating: "down", comment: "Off topic" });
    const bob = await apiUser();
    const c = (await createConversation({ userId: bob.id })).id;
    const q = randomUUID();
    await addMessage({ id: c, userId: bob.id }, { id: q, role: "user", text: "hey", parentId: null });
    const r = randomUUID();
    await addMessage(
      { id: c, userId: bob.id },
      { id: r, role: "assistant", text: "yo", parentId: q, modelId: model, status: "complete" },
    );
    await vote({ rating: "up" }, r, bob.key);

    const summary = (await feedbackByModel()).find((s) => s.modelId === model);
    expect(summary).toEqual({ modelId: model, up: 1, down: 1 });

    const downs = await listFeedback({ filter: { modelId: model, rating: "down" }, page: 1 });
    expect(downs.total).toBe(1);
    expect(downs.items[0]).toMatchObject({ comment: "Off topic", message: { content: "hello" } });

    const exported = [];
    for await (const row of eachFeedback({ modelId: model }, 1)) exported.push(row.rating);
    expect(exported.sort()).toEqual(["down", "up"]);
  });
});
