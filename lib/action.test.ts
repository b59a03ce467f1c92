import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionWith, formAction, formDataObject, formList, refusal, submitAction, success } from "./action";
import { formView } from "./action-result";
import { type CurrentUser, checkRequiredUser, type RequireUserOptions } from "./auth/current-user";
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

  it("admits a member who must set up two-factor authentication first only to the set-up's own actions", async () => {
    const pending: CurrentUser = { ...member, mustSetUpTwoFactor: true };
    // The real requireUser's rule, with the session lookup replaced.
    const session = {
      requireUser: async (options?: RequireUserOptions) => checkRequiredUser(pending, options),
      requireSuperuser: async () => checkRequiredUser(pending),
    };
    const input = z.object({});
    const body = async () => "ran";
    for (const access of ["user", "superuser"] as const) {
      expect(await actionWith(session, { name: "t", input, access }, body)({})).toEqual({
        ok: false,
        error: expect.stringMatching(/^Set up two-factor authentication first/),
      });
    }
    expect(await actionWith(session, { name: "t", input, access: "two_factor_setup" }, body)({})).toEqual({
      ok: true,
      data: "ran",
    });
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

  it("a form action keeps what was typed on failure, shows field messages instead of an alert, and its notice", async () => {
    const Role = z.object({ name: z.string().min(2, "Too short."), secret: z.string() });
    const addRole = formAction(
      { name: "t.role", input: Role, keep: { name: 5 } },
      async ({ name }) =>
        name === "taken" ? refusal({ name: "Exists." }) : success(null, { notice: `Made ${name}.` }),
      signedIn,
    );
    const form = (name: string) => {
      const data = new FormData();
      data.set("name", name);
      data.set("secret", "hunter2");
      return data;
    };
    const short = await addRole(null, form("x"));
    expect(short).toMatchObject({ ok: false, fields: { name: "Too short." }, values: { name: "x" } });
    expect(JSON.stringify(short)).not.toContain("hunter2");
    expect(formView(short)).toMatchObject({ error: undefined, fields: { name: "Too short." } });
    expect(await addRole(null, form("taken"))).toMatchObject({
      ok: false,
      fields: { name: "Exists." },
      values: { name: "taken" },
    });
    const made = await addRole(null, form("writers"));
    expect(formView(made)).toMatchObject({ error: undefined, notice: "Made writers." });
    expect(
      formView(await actionWith(signedOut, { name: "t", input: z.object({}) }, async () => null)({})),
    ).toMatchObject({
      error: "You need to sign in to do that.",
    });
  });

  it("sends a caller without a session to the login page where asked, and throws refusals from plain submits", async () => {
    const settings = formAction(
      { name: "t.settings", input: z.object({}), signedOut: "login" },
      async () => success(null),
      signedOut,
    );
    await expect(settings(null, new FormData())).rejects.toMatchObject({
      digest: expect.stringContaining(";/login;"),
    });
    let ran = false;
    const grant = submitAction(
      { name: "t.grant", input: z.object({}), access: "superuser" },
      async () => {
        ran = true;
      },
      signedIn,
    );
    await expect(grant(new FormData())).rejects.toMatchObject({ code: "forbidden" });
    expect(ran).toBe(false);
  });

  it("reads checkboxes as a list whether none, one or several are checked", () => {
    const Scopes = formList(z.array(z.string()));
    expect(Scopes.parse(undefined)).toEqual([]);
    expect(Scopes.parse("read")).toEqual(["read"]);
    expect(Scopes.parse(["read", "write"])).toEqual(["read", "write"]);
  });
});
