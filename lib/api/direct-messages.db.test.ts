import { beforeEach, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { type ApiUser, apiUser, call, callRaw } from "@/test/api";

// Direct messages through the REST API, as two people and an outsider use them.

interface Person extends ApiUser {
  username: string;
}

async function person(): Promise<Person> {
  const user = await apiUser();
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  return { ...user, username: row.username };
}

let ann: Person;
let bob: Person;

beforeEach(async () => {
  [ann, bob] = await Promise.all([person(), person()]);
});

const send = (from: Person, to: string, content: string, parentId?: string) =>
  call("POST", "/direct-messages", {
    key: from.key,
    body: { to, content, ...(parentId ? { parent_id: parentId } : {}) },
  });

/** Puts messages one second apart in the given order, so ordering never rests on a clock tick. */
async function spreadOutTimes(ids: string[]) {
  const base = Date.UTC(2026, 0, 1);
  for (const [i, id] of ids.entries()) {
    await db.directMessage.update({ where: { id }, data: { createdAt: new Date(base + i * 1000) } });
  }
}

/** Events the person's stream has kept since `after`, read without waiting. */
async function events(who: Person, after = 0) {
  const response = await call("GET", `/direct-messages/events?after=${after}&wait=0`, { key: who.key });
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  return response.text
    .split("\n\n")
    .filter((block) => block.startsWith("id: "))
    .map((block) => {
      const [id, event, data] = block.split("\n");
      return { id: Number(id!.slice(4)), kind: event!.slice(7), data: JSON.parse(data!.slice(6)) };
    });
}

describe("sending, replying and paging", () => {
  test("a reply carries its parent quoted; the thread pages back with a cursor", async () => {
    const first = await send(ann, bob.username, "Lunch at noon?");
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ object: "direct_message", from: ann.username, to: bob.username, read_at: null });
    const reply = await send(bob, ann.username, "Yes!", first.json.id);
    expect(reply.json.parent).toEqual({ id: first.json.id, from: ann.username, content: "Lunch at noon?" });
    const more = [];
    for (let i = 0; i < 3; i++) more.push((await send(ann, bob.username, `more ${i}`)).json.id);
    await spreadOutTimes([first.json.id, reply.json.id, ...more]);

    const page1 = await call("GET", `/direct-messages?with=${ann.username}&limit=3`, { key: bob.key });
    expect(page1.json.data.map((m: { content: string }) => m.content)).toEqual(["more 0", "more 1", "more 2"]);
    expect(page1.json.has_more).toBe(true);
    const page2 = await call("GET", `/direct-messages?with=${ann.username}&limit=3&cursor=${page1.json.next_cursor}`, {
      key: bob.key,
    });
    expect(page2.json.data.map((m: { content: string }) => m.content)).toEqual(["Lunch at noon?", "Yes!"]);
    expect(page2.json).toMatchObject({ has_more: false, next_cursor: null });
  });

  test("a parent from another thread is refused, nothing stored", async () => {
    const carol = await person();
    const theirs = await send(carol, bob.username, "private");
    const response = await send(ann, bob.username, "sneaky", theirs.json.id);
    expect(response.status).toBe(404);
    expect(await db.directMessage.count({ where: { senderId: ann.id } })).toBe(0);
  });

  test("unknown recipients and empty text get clear errors", async () => {
    const nobody = await send(ann, "no-such-person", "hi");
    expect(nobody.status).toBe(404);
    expect(nobody.json.error.message).toBe('There is no active user called "no-such-person".');
    const empty = await call("POST", "/direct-messages", { key: ann.key, body: { to: bob.username, content: "" } });
    expect(empty.status).toBe(422);
    expect(empty.json.error.fields[0].field).toBe("content");
  });
});

describe("read state", () => {
  test("marking one person read sets read_at, tells the sender, and leaves others unread", async () => {
    const carol = await person();
    const m = await send(ann, bob.username, "one");
    await send(carol, bob.username, "two");
    expect((await call("GET", "/direct-messages/threads", { key: bob.key })).json.unread).toBe(2);
    const annEventsBefore = await events(ann);

    // Reading the thread through the API does not mark it read by itself.
    await call("GET", `/direct-messages?with=${ann.username}`, { key: bob.key });
    expect((await call("GET", "/direct-messages/threads", { key: bob.key })).json.unread).toBe(2);

    const read = await call("POST", "/direct-messages/read", { key: bob.key, body: { with: ann.username } });
    expect(read.json).toMatchObject({ object: "read", count: 1 });
    const threads = (await call("GET", "/direct-messages/threads", { key: bob.key })).json;
    expect(threads.unread).toBe(1);
    expect(
      threads.data.map((t: { with: { username: string }; unread: number }) => [t.with.username, t.unread]),
    ).toEqual([
      [carol.username, 1],
      [ann.username, 0],
    ]);
    const seen = await call("GET", `/direct-messages?with=${bob.username}`, { key: ann.key });
    expect(seen.json.data[0]).toMatchObject({ id: m.json.id, read_at: read.json.read_at });

    const receipt = (await events(ann, annEventsBefore.at(-1)?.id ?? 0)).find((e) => e.kind === "read");
    expect(receipt?.data).toMatchObject({ by: bob.username, ids: [m.json.id], read_at: read.json.read_at });
  });

  test("mark all read", async () => {
    const carol = await person();
    await send(ann, bob.username, "one");
    await send(carol, bob.username, "two");
    const read = await call("POST", "/direct-messages/read", { key: bob.key, body: {} });
    expect(read.json.count).toBe(2);
    expect((await call("GET", "/direct-messages/threads", { key: bob.key })).json.unread).toBe(0);
  });
});

describe("deleting", () => {
  test("the sender deletes a message for both; the recipient cannot delete it", async () => {
    const m = await send(ann, bob.username, "oops");
    expect((await call("DELETE", `/direct-messages/${m.json.id}`, { key: bob.key })).status).toBe(404);
    expect((await call("DELETE", `/direct-messages/${m.json.id}`, { key: ann.key })).status).toBe(204);
    for (const who of [ann, bob]) {
      const other = who === ann ? bob : ann;
      const thread = await call("GET", `/direct-messages?with=${other.username}`, { key: who.key });
      expect(thread.json.data).toEqual([]);
    }
    expect((await events(bob)).map((e) => e.kind)).toEqual(["deleted"]);
  });

  test("two deletes at once: one 204, one 404", async () => {
    const m = await send(ann, bob.username, "twice");
    const both = await Promise.all([1, 2].map(() => call("DELETE", `/direct-messages/${m.json.id}`, { key: ann.key })));
    expect(both.map((r) => r.status).sort()).toEqual([204, 404]);
  });

  test("a deleted message cannot be replayed from the event stream, nor its quote in a reply", async () => {
    const secret = await send(ann, bob.username, "my bank PIN is 4321");
    const reply = await send(bob, ann.username, "noted", secret.json.id);
    expect((await call("DELETE", `/direct-messages/${secret.json.id}`, { key: ann.key })).status).toBe(204);
    for (const who of [ann, bob]) {
      const replayed = await call("GET", "/direct-messages/events?after=0&wait=0", { key: who.key });
      expect(replayed.text).not.toContain("4321");
      // The reply stays, without the quote of what was deleted.
      expect(replayed.text).toContain(reply.json.id);
    }
  });
});

describe("blocking", () => {
  test("a blocked sender is refused neutrally; the blocker is told to unblock; unblocking restores", async () => {
    const block = await call("POST", "/direct-messages/blocks", { key: bob.key, body: { username: ann.username } });
    expect(block.status).toBe(200);
    expect(block.json).toMatchObject({ object: "block", username: ann.username });
    const refused = await send(ann, bob.username, "let me in");
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe("This person is not accepting your messages.");
    expect(refused.text).not.toMatch(/block/i);
    const blocker = await send(bob, ann.username, "actually");
    expect(blocker.status).toBe(409);
    expect(await db.directMessage.count({ where: { OR: [{ senderId: ann.id }, { senderId: bob.id }] } })).toBe(0);

    const list = await call("GET", "/direct-messages/blocks", { key: bob.key });
    expect(list.json.data.map((b: { username: string }) => b.username)).toEqual([ann.username]);
    expect((await call("DELETE", `/direct-messages/blocks/${ann.username}`, { key: bob.key })).status).toBe(204);
    expect((await call("DELETE", `/direct-messages/blocks/${ann.username}`, { key: bob.key })).status).toBe(404);
    expect((await send(ann, bob.username, "hello again")).status).toBe(201);
  });

  test("blocking twice at once answers both, with one block", async () => {
    const twice = await Promise.all(
      [1, 2, 3].map(() => call("POST", "/direct-messages/blocks", { key: bob.key, body: { username: ann.username } })),
    );
    expect(twice.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await db.userBlock.count({ where: { blockerId: bob.id } })).toBe(1);
  });
});

describe("recipient suggestions", () => {
  test("by username prefix, at least 2 characters, at most 10, never emails, never blocked people or oneself", async () => {
    const tag = `sg${Math.random().toString(36).slice(2, 7)}`;
    const people = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.user.create({
          data: {
            email: `${tag}${i}@example.test`,
            username: `${tag}_${String(i).padStart(2, "0")}`,
            passwordHash: "x",
          },
        }),
      ),
    );
    await db.user.update({ where: { id: people[0]!.id }, data: { isActive: false } });
    await call("POST", "/direct-messages/blocks", { key: ann.key, body: { username: people[1]!.username } });
    await db.userBlock.create({ data: { blockerId: people[2]!.id, blockedId: ann.id } });

    const response = await call("GET", `/direct-messages/recipients?q=${tag.toUpperCase()}`, { key: ann.key });
    expect(response.status).toBe(200);
    const names = response.json.data.map((p: { username: string }) => p.username);
    expect(names).toEqual(people.slice(3, 12).map((p) => p.username));
    expect(response.text).not.toContain("@example.test");

    const byEmail = await call("GET", `/direct-messages/recipients?q=${encodeURIComponent(`${tag}0@`)}`, {
      key: ann.key,
    });
    expect(byEmail.json.data).toEqual([]);
    const short = await call("GET", "/direct-messages/recipients?q=s", { key: ann.key });
    expect(short.status).toBe(422);
  });

  test("% and _ in the prefix are letters, not wildcards", async () => {
    const tag = `wc${Math.random().toString(36).slice(2, 7)}`;
    for (const username of [`${tag}_a`, `${tag}xa`]) {
      await db.user.create({ data: { email: `${username}@example.test`, username, passwordHash: "x" } });
    }
    const names = async (q: string) =>
      (await call("GET", `/direct-messages/recipients?q=${encodeURIComponent(q)}`, { key: ann.key })).json.data.map(
        (p: { username: string }) => p.username,
      );
    expect(await names(`${tag}_`)).toEqual([`${tag}_a`]);
    expect(await names("%%")).toEqual([]);
  });

  test("is rate limited", async () => {
    let last = 0;
    for (let i = 0; i < 61; i++) {
      last = (await call("GET", "/direct-messages/recipients?q=zz", { key: ann.key })).status;
    }
    expect(last).toBe(429);
  });
});

describe("the event stream", () => {
  test("delivers a message sent after it was opened, with the recipient's unread count", async () => {
    const response = await callRaw("GET", "/direct-messages/events?wait=30", { key: bob.key });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe("retry: 3000\n\n");
    const sent = await send(ann, bob.username, "live!");
    let text = "";
    while (!text.includes("event: message")) text += (await reader.read()).value ?? "";
    await reader.cancel();
    const data = JSON.parse(
      text
        .split("\n")
        .find((line) => line.startsWith("data: "))!
        .slice(6),
    );
    expect(data).toMatchObject({ unread: 1, message: { id: sent.json.id, content: "live!", from: ann.username } });
  });

  test("one person cannot hold open an unbounded number of streams (each polls the database)", async () => {
    const open = await Promise.all(
      Array.from({ length: 20 }, () => callRaw("GET", "/direct-messages/events?wait=60", { key: bob.key })),
    );
    expect(open.every((r) => r.status === 200)).toBe(true);
    const refused = await call("GET", "/direct-messages/events?wait=0", { key: bob.key });
    expect(refused.status).toBe(429);
    expect(await call("GET", "/direct-messages/events?wait=0", { key: ann.key })).toMatchObject({ status: 200 });
    await Promise.all(open.map((r) => r.body?.cancel()));
    expect((await call("GET", "/direct-messages/events?wait=0", { key: bob.key })).status).toBe(200);
  });

  test("an event id beyond any stored one is refused or ignored, never a 500", async () => {
    const tooBig = await call("GET", "/direct-messages/events?after=99999999999&wait=0", { key: bob.key });
    expect(tooBig.status).toBe(422);
    const header = await call("GET", "/direct-messages/events?wait=0", {
      key: bob.key,
      headers: { "last-event-id": "99999999999" },
    });
    expect(header.status).toBe(200);
  });

  test("Last-Event-ID resumes after what was seen", async () => {
    await send(ann, bob.username, "one");
    await send(ann, bob.username, "two");
    const all = await events(bob);
    expect(all.map((e) => e.data.message.content)).toEqual(["one", "two"]);
    const resumed = await call("GET", "/direct-messages/events?wait=0", {
      key: bob.key,
      headers: { "last-event-id": String(all[0]!.id) },
    });
    expect(resumed.text).toContain('"content":"two"');
    expect(resumed.text).not.toContain('"content":"one"');
  });
});
