import { describe, expect, test } from "vitest";
import { ImportFormatError, jsonElements } from "./json-elements";

/** The text as a stream of `size`-byte chunks, so elements, strings and escapes straddle chunk boundaries. */
async function* chunked(text: string, size: number) {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(text: string, size = 3) {
  const out: unknown[] = [];
  for await (const element of jsonElements(chunked(text, size))) out.push(element.value);
  return out;
}

async function problem(text: string): Promise<ImportFormatError> {
  try {
    await read(text);
  } catch (error) {
    if (error instanceof ImportFormatError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("reading a JSON array element by element", () => {
  test("yields each object, whatever the chunk size, with strings holding brackets, quotes and escapes", async () => {
    const value = [
      { title: 'a "quoted" ] } [ { title', n: [1, { deep: [] }] },
      { title: "back\\slash\\", emoji: "🙂 ção" },
      {},
    ];
    for (const size of [1, 2, 7, 1024]) {
      expect(await read(`\uFEFF \n${JSON.stringify(value, null, 2)}\n`, size)).toEqual(value);
    }
  });

  test("a single top-level object is one element; an empty array none", async () => {
    expect(await read('{"format":"x","messages":[]}')).toEqual([{ format: "x", messages: [] }]);
    expect(await read(" [ ] ")).toEqual([]);
  });

  test("says what is wrong and where", async () => {
    expect((await problem("")).message).toBe("The file is empty.");
    expect((await problem("hello")).message).toMatch(/not JSON/);
    expect((await problem("PK\u0003\u0004...")).message).toMatch(/zip file.*conversations\.json/);
    expect(await problem('[{"a":1},{"a":')).toMatchObject({ index: 1, message: expect.stringMatching(/cut off/) });
    expect(await problem('[{"a":1} {"a":2}]')).toMatchObject({
      message: expect.stringMatching(/Expected "," or "\]"/),
    });
    expect(await problem('[{"a":1},{"a":tru}]')).toMatchObject({
      index: 1,
      message: expect.stringMatching(/^Conversation 2 \(from byte 9\) is not valid JSON/),
    });
    expect(await problem("[1, 2]")).toMatchObject({ index: 0, message: expect.stringMatching(/not a JSON object/) });
    expect((await problem('[{"a":1}] x')).message).toMatch(/Unexpected text after the end/);
    expect((await problem('[{"a":1}')).message).toMatch(/closing \]/);
  });
});
