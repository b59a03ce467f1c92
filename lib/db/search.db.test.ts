import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { createConversation, listConversations } from "./conversations";

describe("searching conversations treats % _ and \\ as the characters they are", () => {
  it("matches them literally in titles, on both databases", async () => {
    const user = await createTestUser("search");
    const titles = ["100% sure", "snake_case names", "C:\\Users path", "plain words", "100 percent", "snakeXcase"];
    for (const title of titles) await createConversation({ userId: user.id, title });
    const found = async (q: string) =>
      (await listConversations({ userId: user.id, q })).items.map((c) => c.title).sort();

    expect(await found("%")).toEqual(["100% sure"]);
    expect(await found("_")).toEqual(["snake_case names"]);
    expect(await found("e_c")).toEqual(["snake_case names"]);
    expect(await found("\\")).toEqual(["C:\\Users path"]);
    expect(await found("c:\\u")).toEqual(["C:\\Users path"]);
    expect(await found("0% S")).toEqual(["100% sure"]);
    expect(await found("words")).toEqual(["plain words"]);
  });
});
