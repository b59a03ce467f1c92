import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { listMessages } from "@/lib/db/messages";
import { resetEnv } from "@/lib/env";
import { type ApiUser, apiUser, call } from "@/test/api";
import { zipBytes } from "@/test/zip-fixtures";
import { prepareImport } from "./run";
import { ensureRoomFor, importTempDir, removeStaleImportFiles } from "./temp-files";

const fixtures = path.resolve(import.meta.dirname, "../../test/fixtures/import");
const browsing = readFileSync(path.join(fixtures, "chatgpt-browsing.json"));

const dataDir = mkdtempSync(path.join(tmpdir(), "parley-data-"));
process.env.PARLEY_DATA_DIR = dataDir;
resetEnv();

const importBytes = (user: ApiUser, bytes: Uint8Array, type = "application/zip") =>
  call("POST", "/conversations/import", {
    key: user.key,
    rawBody: new Uint8Array(bytes),
    headers: { "content-type": type },
  });

const leftInImportFolder = () => {
  try {
    return readdirSync(importTempDir());
  } catch {
    return [];
  }
};

let user: ApiUser;
beforeAll(async () => {
  user = await apiUser();
});
afterEach(() => {
  delete process.env.PARLEY_IMPORT_MAX_MB;
  resetEnv();
});

describe("an import's temporary copy", () => {
  test("is written in Parley's data folder, not the system's temporary folder, and removed afterwards", async () => {
    const systemTempBefore = readdirSync(tmpdir()).filter((name) => name.startsWith("parley-import-"));
    const prepared = await prepareImport({
      userId: user.id,
      body: new Response(browsing).body,
      maxBytes: 10 * 1024 * 1024,
    });
    expect(importTempDir()).toBe(path.join(dataDir, "tmp", "import"));
    expect(leftInImportFolder()).toHaveLength(1);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith("parley-import-"))).toEqual(systemTempBefore);
    await prepared.dispose();
    expect(leftInImportFolder()).toEqual([]);
  });

  test("start-up removes what a killed import left, and keeps a running one's", async () => {
    const dir = importTempDir();
    // A real process that starts an import copy and is killed (kill -9) before it can clean up.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `require("fs").writeFileSync(require("path").join(${JSON.stringify(dir)}, "import-" + process.pid + "-0b6f1c5e-1d2a-4c3b-9e8f-7a6b5c4d3e2f.upload"), "x".repeat(1e6)); setInterval(() => {}, 1000);`,
      ],
      { stdio: "ignore" },
    );
    await expect.poll(() => leftInImportFolder().length, { timeout: 10_000 }).toBe(1);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const mine = path.join(dir, `import-${process.pid}-1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f.upload`);
    writeFileSync(mine, "running");
    const old = path.join(dir, `import-${process.pid}-2c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f.upload`);
    writeFileSync(old, "a day old");
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    utimesSync(old, dayAgo, dayAgo);

    expect(await removeStaleImportFiles()).toBe(2);
    expect(leftInImportFolder()).toEqual([path.basename(mine)]);
    rmSync(mine);
  });

  test("counts against the disk: an import that would leave the data disk (nearly) full is refused", async () => {
    await expect(ensureRoomFor(1e15)).rejects.toMatchObject({ code: "unavailable:storage_full", status: 503 });
  });
});

describe("ChatGPT's export", () => {
  test("leaves out the browsing tool's calls and results, as tool messages are", async () => {
    const response = await importBytes(user, browsing, "application/json");
    expect(response.status, response.text).toBe(200);
    expect(response.json.conversations[0]).toMatchObject({ status: "imported", messages: 2, left_out: 9 });
    const messages = await listMessages({
      conversationId: response.json.conversations[0].id,
      userId: user.id,
      limit: 10,
      order: "asc",
    });
    expect(messages.items.map((m) => m.content)).toEqual([
      "Where is the best pastel de nata in Lisbon?",
      "Manteigaria in Chiado is the local favourite【3†source】; Pastéis de Belém is the classic — queue early.",
    ]);
    await db.conversation.deleteMany({ where: { userId: user.id } });
  });

  test("is accepted as the .zip ChatGPT mails, reading conversations.json from it", async () => {
    const zip = zipBytes([
      { name: "chat.html", data: Buffer.from("<html>…</html>") },
      { name: "user.json", data: Buffer.from("{}") },
      { name: "conversations.json", data: browsing },
      { name: "file-abc123-photo.png", data: Buffer.alloc(5000, 7) },
    ]);
    const response = await importBytes(user, zip);
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ format: "chatgpt", imported: 1 });
    expect(leftInImportFolder()).toEqual([]);
    await db.conversation.deleteMany({ where: { userId: user.id } });
  });

  test("a zip bomb (conversations.json claims 2 KB, inflates to 200 MB) is refused at its claim, nothing left behind", async () => {
    const zeros = Buffer.alloc(200 * 1024 * 1024);
    const zip = zipBytes([
      { name: "conversations.json", data: Buffer.from("[]"), deflated: deflateRawSync(zeros), declaredSize: 2048 },
    ]);
    expect(zip.length).toBeLessThan(1024 * 1024);
    const response = await importBytes(user, zip);
    expect(response.status, response.text).toBe(422);
    expect(response.json.error.message).toContain("inflates to more than the zip says");
    expect(leftInImportFolder()).toEqual([]);
  });

  test("a zip whose conversations.json says it is over the import limit is refused before inflating", async () => {
    process.env.PARLEY_IMPORT_MAX_MB = "1";
    resetEnv();
    const zip = zipBytes([{ name: "conversations.json", data: Buffer.from("[]"), declaredSize: 5 * 1024 * 1024 }]);
    const response = await importBytes(user, zip);
    expect(response.status, response.text).toBe(413);
    expect(response.json.error.message).toContain("over the 1 MB import limit");
    expect(leftInImportFolder()).toEqual([]);
  });
});
