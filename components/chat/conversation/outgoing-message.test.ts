import type { FileUIPart } from "ai";
import { describe, expect, it } from "vitest";
import { readUnsent, type UnsentMessage, writeUnsent } from "../drafts";
import { filePartsOf, messageFromUnsent, unsentRecordOf, userMessage } from "./outgoing-message";

const photo: FileUIPart = {
  type: "file",
  mediaType: "image/png",
  filename: "cat.png",
  url: "/api/v1/files/f1/content",
};
const notes: FileUIPart = { type: "file", mediaType: "text/plain", filename: "a.txt", url: "/api/v1/files/f2/content" };

/** A Map standing in for localStorage, so a record goes through the same JSON a reload reads. */
function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe("outgoing messages", () => {
  it("a message is its text, then its files; a blank text is left out so a message may be files only", () => {
    expect(userMessage("m1", "Look", [photo]).parts).toEqual([{ type: "text", text: "Look" }, photo]);
    expect(userMessage("m2", "  ", [photo, notes]).parts).toEqual([photo, notes]);
    expect(userMessage("m3", "Hi").parts).toEqual([{ type: "text", text: "Hi" }]);
  });

  it("a message kept as not sent comes back after a reload with its files, in order", () => {
    const storage = memoryStorage();
    const sent = userMessage("m1", "Compare these", [photo, notes]);
    writeUnsent("c1", unsentRecordOf(sent), storage);
    const back = readUnsent("c1", storage);
    expect(back).not.toBeNull();
    const restored = messageFromUnsent(back as UnsentMessage);
    expect(restored).toEqual(sent);
    expect(filePartsOf(restored)).toEqual([photo, notes]);
  });

  it("a files-only message survives the round trip, and a record from before attachments has just its text", () => {
    const filesOnly = userMessage("m1", "", [photo]);
    expect(messageFromUnsent(unsentRecordOf(filesOnly))).toEqual(filesOnly);
    expect(unsentRecordOf(userMessage("m2", "Hi"))).toEqual({ id: "m2", text: "Hi" });
    expect(messageFromUnsent({ id: "m3", text: "Old" }).parts).toEqual([{ type: "text", text: "Old" }]);
  });

  it("ignores malformed file entries read back from storage", () => {
    const tampered = { id: "m1", text: "Hi", files: [photo, { type: "file" }, null, "x"] } as unknown as UnsentMessage;
    expect(filePartsOf(messageFromUnsent(tampered))).toEqual([photo]);
    expect(messageFromUnsent({ id: "m2", text: "Hi", files: "nope" } as unknown as UnsentMessage).parts).toHaveLength(
      1,
    );
  });
});
