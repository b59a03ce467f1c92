import { z } from "zod";
import { describe, expect, it } from "vitest";
import { actionWith, formDataObject } from "./action";
import type { CurrentUser } from "./auth/current-user";
import { AppError } from "./errors";

const member: CurrentUser = {
  id: "u1",
  email: "ada@example.test",
  username: "ada",
  isSuperuser: false,
  isEmailVerified: true,
  mustSetUpTwoFactor: false,
  sessionId: "s1",
};

const signedIn = {
  requireUser: async () => member,
  requireSuperuser: async (): Promise<CurrentUser> => {
    throw new AppError("forbidden");
  },
};
const signedOut = {
  requireUser: async (): Promise<CurrentUser> => {
    throw new AppError("unauthorized");
  },
  requireSuperuser: async (): Promise<CurrentUser> => {
    throw new AppError("unauthorized");
  },
};

const Rename = z.object({ id: z.uuid(), title: z.string().trim().min(1, "Give it a title.") });
const id = "4b7e0a39-6a8f-4a53-9a52-3a1b2c3d4e5f";

describe("action()", () => {
  it("validates the input and passes it with the user to the body", async () => {
    const rename = actionWith(signedIn, { name: "t.rename", input: Rename }, async (input, user) => ({
      ...input,
      by: user.username,
    }));
    expect(await rename({ id, title: "  Trip  " })).toEqual({ ok: true, data: { id, title: "Trip", by: "ada" } });
  });

  it("answers bad input with the first message and one message per field, without running the body", async () => {
    let ran = false;
    const rename = actionWith(signedIn, { name: "t.rename", input: Rename }, async () => {
      ran = true;
    });
    expect(await rename({ id: "nope", title: "" })).toEqual({
      ok: false,
      error: expect.any(String),
      fields: { id: expect.any(String), title: "Give it a title." },
    });
    expect(ran).toBe(false);
  });

  it("refuses a caller without a session, and a non-superuser where a superuser is required", async () => {
    let ran = false;
    const body = async () => {
      ran = true;
    };
    const input = z.object({});
    expect(await actionWith(signedOut, { name: "t", input }, body)({})).toEqual({
      ok: false,
      error: "You need to sign in to do that.",
    });
    expect(await actionWith(signedIn, { name: "t", input, access: "superuser" }, body)({})).toEqual({
      ok: false,
      error: "You are not allowed to do that.",
    });
    expect(ran).toBe(false);
  });

  it("maps an AppError to its safe message and hides anything else behind a generic one", async () => {
    const input = z.object({});
    const conflict = actionWith(signedIn, { name: "t", input }, async () => {
      throw new AppError("conflict:username", { message: "That username is taken." });
    });
    expect(await conflict({})).toEqual({ ok: false, error: "That username is taken." });
    const crash = actionWith(signedIn, { name: "t", input }, async () => {
      throw new Error("connection string postgres://secret@db");
    });
    const answer = await crash({});
    expect(answer).toEqual({ ok: false, error: "Something went wrong on our side." });
    expect(JSON.stringify(answer)).not.toContain("secret");
  });

  it("turns FormData into an object, a repeated name into a list", () => {
    const form = new FormData();
    form.append("name", "ci");
    form.append("scopes", "read");
    form.append("scopes", "write");
    expect(formDataObject(form)).toEqual({ name: "ci", scopes: ["read", "write"] });
  });
});
