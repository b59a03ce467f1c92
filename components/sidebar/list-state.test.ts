import { describe, expect, it } from "vitest";
import { applyPatch, mergePages, movedToTop, mutations } from "./list-state";

const item = (id: string, extra: Partial<{ title: string; pinned: boolean }> = {}) => ({
  id,
  title: extra.title ?? id,
  pinned: extra.pinned ?? false,
  archived: false,
  updatedAt: "2026-11-27T00:00:00.000Z",
});

describe("sidebar list state", () => {
  it("moves a conversation that just got a reply to the top, newest; one not in the list is null (read it)", () => {
    const at = "2026-12-08T00:00:00.000Z";
    const moved = movedToTop([item("a"), item("b"), item("c")], "c", at);
    expect(moved?.map((i) => i.id)).toEqual(["c", "a", "b"]);
    expect(moved?.[0]?.updatedAt).toBe(at);
    expect(movedToTop([item("a")], "new", at)).toBeNull();
  });

  it("appends a later page without repeating conversations that moved up meanwhile", () => {
    const merged = mergePages([item("a"), item("b")], [item("b"), item("c")]);
    expect(merged.map((i) => i.id)).toEqual(["a", "b", "c"]);
  });

  it("patches one conversation, or removes it with a null patch", () => {
    const list = [item("a"), item("b")];
    expect(applyPatch(list, "b", { title: "New" }).map((i) => i.title)).toEqual(["a", "New"]);
    expect(applyPatch(list, "a", null).map((i) => i.id)).toEqual(["b"]);
    expect(applyPatch(list, "zzz", null)).toHaveLength(2);
    expect(list.map((i) => i.title)).toEqual(["a", "b"]);
  });

  it("describes archive and trash the same way: removed at once, said when done, undone by the opposite call", async () => {
    const calls: string[] = [];
    const ok = async (name: string) => {
      calls.push(name);
      return { ok: true as const, data: null };
    };
    const actions = {
      rename: ({ title }: { title: string }) => ok(`rename ${title}`),
      setPinned: ({ pinned }: { pinned: boolean }) => ok(`pin ${pinned}`),
      setArchived: ({ archived }: { archived: boolean }) => ok(`archive ${archived}`),
      trash: () => ok("trash"),
      restore: () => ok("restore"),
    };
    const m = mutations(actions, item("a"));
    const archive = m.archive();
    const trash = m.trash();
    expect([archive.patch, trash.patch]).toEqual([null, null]);
    expect([archive.done, trash.done]).toEqual(["Conversation archived.", "Moved to trash."]);
    await archive.run();
    await archive.undo?.();
    await trash.run();
    await trash.undo?.();
    expect(calls).toEqual(["archive true", "archive false", "trash", "restore"]);
    expect(m.setPinned(true)).toMatchObject({ patch: { pinned: true }, reorders: true });
    expect(m.rename("T")).toMatchObject({ patch: { title: "T" } });
    expect(m.rename("T").undo).toBeUndefined();
  });
});
