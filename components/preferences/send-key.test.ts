import { describe, expect, it } from "vitest";
import { isSendKeystroke } from "./send-key";

const key = (over: Partial<Parameters<typeof isSendKeystroke>[0]>) => ({
  key: "Enter",
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  isComposing: false,
  ...over,
});

describe("isSendKeystroke", () => {
  it("sends on Enter by default, never on Shift+Enter or while composing", () => {
    expect(isSendKeystroke(key({}), "enter")).toBe(true);
    expect(isSendKeystroke(key({ ctrlKey: true }), "enter")).toBe(true);
    expect(isSendKeystroke(key({ shiftKey: true }), "enter")).toBe(false);
    expect(isSendKeystroke(key({ isComposing: true }), "enter")).toBe(false);
    expect(isSendKeystroke(key({ key: "a" }), "enter")).toBe(false);
  });

  it("needs Ctrl or ⌘ with Enter in mod-enter mode, so plain Enter adds a line", () => {
    expect(isSendKeystroke(key({}), "mod-enter")).toBe(false);
    expect(isSendKeystroke(key({ ctrlKey: true }), "mod-enter")).toBe(true);
    expect(isSendKeystroke(key({ metaKey: true }), "mod-enter")).toBe(true);
    expect(isSendKeystroke(key({ metaKey: true, shiftKey: true }), "mod-enter")).toBe(false);
  });
});
