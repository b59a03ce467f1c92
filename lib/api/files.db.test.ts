import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiUser, apiUser, call } from "@/test/api";
import { pdfBytes, pngBytes } from "@/test/attachment-fixtures";
import { mockModelServerForFile } from "@/test/mock-model";
import { startReply } from "../chat/generate";
import { removeExpiredRows } from "../db/cleanup";
import { db } from "../db/client";
import { deleteUser } from "../db/users";
import { resetEnv } from "../env";

const mock = mockModelServerForFile({
  OPENAI_API_KEY: "",
  PARLEY_MODELS: "vision-model=Vision:vision,text-model=Text only,offline",
  PARLEY_OFFLINE_DELAY_MS: "0",
  PARLEY_MODEL_MAX_RETRIES: "0",
});
let alice: ApiUser;
let bob: ApiUser;

beforeAll(async () => {
  resetEnv();
  [alice, bob] = await Promise.all([apiUser(), apiUser()]);
});
afterEach(() => {
  mock.setReply(null);
  for (const name of ["PARLEY_ATTACHMENT_MAX_MB", "PARLEY_ATTACHMENT_QUOTA_MB", "PARLEY_ATTACHMENT_TEXT_CHARS"]) {
    delete process.env[name];
  }
  resetEnv();
});

function upload(key: string, bytes: Uint8Array, name: string, type = "application/octet-stream") {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name, { type }));
  return call("POST", "/files", { key, form });
}

async function uploaded(key: string, bytes: Uint8Array, name: string): Promise<string> {
  const response = await upload(key, bytes, name);
  expect(response.status, response.text).toBe(201);
  return response.json.id;
}

async function send(key: string, content: string, attachments: string[], model = "offline") {
  const conversation = await call("POST", "/conversations", { key, body: {} });
  const response = await call("POST", `/conversations/${conversation.json.id}/messages`, {
    key,
    body: { content, attachments, model },
  });
  return { conversationId: conversation.json.id as string, response };
}

const filesOf = (userId: string) => db.attachment.count({ where: { userId } });

describe("uploading", () => {
  it("detects the type from the bytes, not the name, and reads image size and PDF pages", async () => {
    const png = await upload(alice.key, pngBytes(64, 48), "holiday.pdf", "application/pdf");
    expect(png.status).toBe(201);
    expect(png.json).toMatchObject({
      object: "file",
      name: "holiday.pdf",
      media_type: "image/png",
      width: 64,
      height: 48,
      sent: false,
    });
    const pdf = await upload(alice.key, pdfBytes(["Page one words", "Page two"]), "report.pdf");
    expect(pdf.json).toMatchObject({ media_type: "application/pdf", page_count: 2, text_truncated: false });
    expect(pdf.json.text_chars).toBeGreaterThan(10);
    const csv = await upload(alice.key, Buffer.from("a,b\n1,2\n"), "data.csv");
    expect(csv.json.media_type).toBe("text/csv");
    const metadata = await call("GET", `/files/${pdf.json.id}`, { key: alice.key });
    expect(metadata.json).toEqual(pdf.json);
  });

  it("refuses SVG, binaries it does not know and empty files, storing nothing", async () => {
    const before = await filesOf(alice.id);
    const svg = await upload(
      alice.key,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "x.png",
    );
    expect(svg.status).toBe(415);
    expect(svg.json.error.message).toMatch(/SVG/);
    const zip = await upload(
      alice.key,
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]),
      "a.txt",
    );
    expect(zip.status).toBe(415);
    expect((await upload(alice.key, Buffer.alloc(0), "empty.txt")).status).toBe(422);
    expect((await call("POST", "/files", { key: alice.key, body: { file: "x" } })).status).toBe(415);
    expect(await filesOf(alice.id)).toBe(before);
  });

  it("answers 413 over the size limit and over the quota, and stores nothing", async () => {
    const user = await apiUser();
    process.env.PARLEY_ATTACHMENT_MAX_MB = "0.01";
    resetEnv();
    const big = await upload(user.key, Buffer.alloc(20_000, 65), "big.txt");
    expect(big.status).toBe(413);
    expect(big.json.error.message).toMatch(/at most 10\.2 KB/);
    process.env.PARLEY_ATTACHMENT_MAX_MB = "20";
    process.env.PARLEY_ATTACHMENT_QUOTA_MB = "0.02"; // 20,971 bytes
    resetEnv();
    await uploaded(user.key, Buffer.alloc(12_000, 65), "one.txt");
    const over = await upload(user.key, Buffer.alloc(12_000, 66), "two.txt");
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe("payload_too_large:quota");
    expect(await filesOf(user.id)).toBe(1);
  });

  it("serves images inline and everything else as a download, never sniffed, with a CSP that runs nothing", async () => {
    const image = await uploaded(alice.key, pngBytes(2, 2), "dot.png");
    const served = await call("GET", `/files/${image}/content`, { key: alice.key });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("content-disposition")).toMatch(/^inline; filename="dot.png"/);
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toMatch(/default-src 'none'.*sandbox/);
    const html = await uploaded(alice.key, Buffer.from("<html><script>alert(1)</script></html>"), "page.html");
    const download = await call("GET", `/files/${html}/content`, { key: alice.key });
    expect(download.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="page.html"/);
  });
});

describe("isolation", () => {
  it("another person's file is 404 everywhere, and cannot be attached", async () => {
    const file = await uploaded(alice.key, pngBytes(2, 2), "private.png");
    for (const [method, url] of [
      ["GET", `/files/${file}`],
      ["GET", `/files/${file}/content`],
      ["DELETE", `/files/${file}`],
    ] as const) {
      const response = await call(method, url, { key: bob.key });
      expect(response.status).toBe(404);
      expect(response.text).not.toContain("private.png");
    }
    const { response } = await send(bob.key, "look", [file]);
    expect(response.status).toBe(404);
    expect(await db.attachment.findUnique({ where: { id: file }, select: { conversationId: true } })).toEqual({
      conversationId: null,
    });
  });

  it("refuses more files than a message may carry, before storing the message", async () => {
    const ids = await Promise.all(
      Array.from({ length: 11 }, (_, i) => uploaded(alice.key, Buffer.from(`note ${i}`), `n${i}.txt`)),
    );
    const { conversationId, response } = await send(alice.key, "many", ids);
    expect(response.status).toBe(422);
    expect(response.json.error.message).toMatch(/at most 10 files/);
    expect(await db.message.count({ where: { conversationId } })).toBe(0);
  });
});

describe("what the model receives", () => {
  it("an image reaches the OpenAI-compatible server as an image part, a PDF's text as text", async () => {
    const image = await uploaded(alice.key, pngBytes(8, 8), "chart.png");
    const pdf = await uploaded(alice.key, pdfBytes(["Quarterly revenue grew by nine percent", "Appendix"]), "q3.pdf");
    mock.setReply({ text: "Seen." });
    const before = mock.streamedRequests().length;
    const { response } = await send(alice.key, "What do these show?", [image, pdf], "vision-model");
    expect(response.status, response.text).toBe(201);
    expect(response.json.user_message.attachments.map((a: { name: string }) => a.name)).toEqual([
      "chart.png",
      "q3.pdf",
    ]);
    const request = mock.streamedRequests()[before];
    const user = request?.messages.findLast((m) => m.role === "user");
    const parts = user?.content as { type: string; text?: string; image_url?: { url: string } }[];
    const imagePart = parts.find((p) => p.type === "image_url");
    expect(imagePart?.image_url?.url).toBe(`data:image/png;base64,${pngBytes(8, 8).toString("base64")}`);
    const pdfText = parts.find((p) => p.type === "text" && p.text?.includes('name="q3.pdf"'))?.text;
    expect(pdfText).toContain('pages="2"');
    expect(pdfText).toContain("Quarterly revenue grew by nine percent");
    expect(parts.some((p) => p.type === "text" && p.text === "What do these show?")).toBe(true);
  });

  it("a model without vision is told about the image instead, and long text is cut with a note", async () => {
    process.env.PARLEY_ATTACHMENT_TEXT_CHARS = "1000";
    resetEnv();
    const image = await uploaded(alice.key, pngBytes(4, 4), "photo.png");
    const longUpload = await upload(alice.key, Buffer.from("word ".repeat(1000)), "long.txt");
    // The person is told at upload that only the start will be read.
    expect(longUpload.json).toMatchObject({ text_chars: 5000, text_truncated: true });
    const long = longUpload.json.id;
    mock.setReply({ text: "Ok." });
    const before = mock.streamedRequests().length;
    await send(alice.key, "Read these", [image, long], "text-model");
    const parts = mock.streamedRequests()[before]?.messages.findLast((m) => m.role === "user")?.content as {
      type: string;
      text?: string;
    }[];
    expect(parts.some((p) => p.type === "image_url")).toBe(false);
    expect(parts.map((p) => p.text).join("\n")).toContain("this model cannot see images");
    expect(parts.map((p) => p.text).join("\n")).toContain("[Only the first 1,000 of 5,000 characters are included.]");
  });

  it("the offline model describes what it received", async () => {
    const image = await uploaded(alice.key, pngBytes(64, 48), "cat.png");
    const pdf = await uploaded(alice.key, pdfBytes(["Minutes of the meeting on Tuesday"]), "minutes.pdf");
    const scan = await upload(alice.key, pdfBytes(["", ""]), "scan.pdf");
    expect(scan.json).toMatchObject({ page_count: 2, text_chars: 0 });
    const scanned = scan.json.id;
    const { response } = await send(alice.key, "Describe", [image, pdf, scanned]);
    const text: string = response.json.assistant_message.content;
    expect(text).toContain("You attached 3 files");
    expect(text).toMatch(/\*\*cat\.png\*\*: image\/png, [\d.]+ [KB ]+, 64×48 pixels; I received it as an image/);
    expect(text).toContain("**minutes.pdf**: application/pdf");
    expect(text).toContain("1 page; it begins: “Minutes of the meeting on Tuesday…”");
    expect(text).toContain("**scan.pdf**: application/pdf");
    expect(text).toContain("2 pages; it has no text I can read");
  });

  it("regenerating a reply sends the message's image again", async () => {
    const image = await uploaded(alice.key, pngBytes(6, 6), "again.png");
    mock.setReply({ text: "First look." });
    const { conversationId, response } = await send(alice.key, "Look", [image], "vision-model");
    const before = mock.streamedRequests().length;
    const again = await startReply({
      userId: alice.id,
      conversationId,
      regenerateOf: response.json.assistant_message.id,
    });
    await again.stream.cancel();
    await again.done;
    const parts = mock.streamedRequests()[before]?.messages.findLast((m) => m.role === "user")?.content as {
      type: string;
    }[];
    expect(parts.filter((p) => p.type === "image_url")).toHaveLength(1);
  });

  it("an edit keeps the original's files", async () => {
    const image = await uploaded(alice.key, pngBytes(3, 3), "kept.png");
    const { response } = await send(alice.key, "First", [image]);
    const original = response.json.user_message.id;
    const edit = await call("PATCH", `/messages/${original}`, { key: alice.key, body: { content: "Edited" } });
    expect(edit.status, edit.text).toBe(201);
    expect(edit.json.user_message.attachments.map((a: { id: string }) => a.id)).toEqual([image]);
    expect(edit.json.assistant_message.content).toContain("kept.png");
  });
});

describe("deletion", () => {
  it("deleting a message deletes its files; a file an edited copy still carries stays", async () => {
    const image = await uploaded(alice.key, pngBytes(3, 3), "a.png");
    const { response } = await send(alice.key, "With a file", [image]);
    const original = response.json.user_message.id;
    const edit = await call("PATCH", `/messages/${original}`, { key: alice.key, body: { content: "Copy" } });
    expect((await call("DELETE", `/messages/${original}`, { key: alice.key })).status).toBe(204);
    expect(await db.attachment.count({ where: { id: image } })).toBe(1);
    expect((await call("DELETE", `/messages/${edit.json.user_message.id}`, { key: alice.key })).status).toBe(204);
    expect(await db.attachment.count({ where: { id: image } })).toBe(0);
  });

  it("deleting a conversation or the account deletes its files", async () => {
    const user = await apiUser();
    const first = await uploaded(user.key, pngBytes(3, 3), "c.png");
    const { conversationId } = await send(user.key, "x", [first]);
    expect((await call("DELETE", `/conversations/${conversationId}?permanent=true`, { key: user.key })).status).toBe(
      204,
    );
    expect(await db.attachment.count({ where: { id: first } })).toBe(0);
    await uploaded(user.key, pngBytes(3, 3), "unsent.png");
    await send(user.key, "y", [await uploaded(user.key, Buffer.from("hi"), "sent.txt")]);
    expect(await filesOf(user.id)).toBe(2);
    await deleteUser(user.id);
    expect(await filesOf(user.id)).toBe(0);
  });

  it("the maintenance job deletes files never sent after a day, and only those", async () => {
    const unsentOld = await uploaded(alice.key, Buffer.from("old draft"), "old.txt");
    const unsentNew = await uploaded(alice.key, Buffer.from("new draft"), "new.txt");
    const sentOld = await uploaded(alice.key, Buffer.from("sent"), "sent.txt");
    await send(alice.key, "z", [sentOld]);
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await db.attachment.updateMany({ where: { id: { in: [unsentOld, sentOld] } }, data: { createdAt: dayAgo } });
    const counts = await removeExpiredRows();
    expect(counts.unsentFiles).toBe(1);
    const left = await db.attachment.findMany({
      where: { id: { in: [unsentOld, unsentNew, sentOld] } },
      select: { id: true },
    });
    expect(left.map((f) => f.id).sort()).toEqual([unsentNew, sentOld].sort());
  });
});

it("a random id is 404", async () => {
  expect((await call("GET", `/files/${randomUUID()}`, { key: alice.key })).status).toBe(404);
});
