import { describe, expect, it } from "vitest";
import { recordAudit } from "./audit";
import { listAuditEvents, usernamesFor } from "./db/audit-events";
import { createUser, deleteUser } from "./db/users";

describe("audit log", () => {
  it("records events and pages through them newest first, filtered by account and action", async () => {
    const alice = await createUser({ email: "alice@example.test", username: "alice", passwordHash: "x" });
    const admin = await createUser({ email: "boss@example.test", username: "boss", passwordHash: "x" });
    await recordAudit({ action: "auth.login_failed", subjectId: alice.id, ip: "198.51.100.7" });
    await recordAudit({ action: "auth.login", actorId: alice.id, subjectId: alice.id, ip: "198.51.100.7" });
    for (let i = 0; i < 3; i++) {
      await recordAudit({
        action: "auth.api_key_created",
        actorId: alice.id,
        subjectId: alice.id,
        details: { name: `k${i}` },
      });
    }
    await recordAudit({ action: "admin.user_deactivated", actorId: admin.id, subjectId: alice.id });
    await recordAudit({ action: "admin.role_created", actorId: admin.id, details: { name: "staff" } });

    const own = await listAuditEvents({ subjectId: alice.id, pageSize: 4 });
    expect(own.events.map((e) => e.action)).toEqual([
      "admin.user_deactivated",
      "auth.api_key_created",
      "auth.api_key_created",
      "auth.api_key_created",
    ]);
    expect(own.hasMore).toBe(true);
    const older = await listAuditEvents({ subjectId: alice.id, pageSize: 4, page: 2 });
    expect(older.events.map((e) => e.action)).toEqual(["auth.login", "auth.login_failed"]);
    expect(older.hasMore).toBe(false);
    expect(older.events[1]?.ip).toBe("198.51.100.7");

    const byAdmin = await listAuditEvents({ userId: admin.id });
    expect(byAdmin.events.map((e) => e.action)).toEqual(["admin.role_created", "admin.user_deactivated"]);
    const adminActions = await listAuditEvents({ action: "admin." });
    expect(adminActions.events).toHaveLength(2);
    const keys = await listAuditEvents({ action: "auth.api_key_created" });
    expect(keys.events.map((e) => (e.details as { name: string }).name)).toEqual(["k2", "k1", "k0"]);
    expect((await listAuditEvents({ subjectId: admin.id })).events).toEqual([]);
  });

  it("keeps the events of a deleted account, which then reads as a deleted user", async () => {
    const gone = await createUser({ email: "gone@example.test", username: "gone", passwordHash: "x" });
    await recordAudit({ action: "auth.login", actorId: gone.id, subjectId: gone.id });
    expect((await usernamesFor([gone.id])).get(gone.id)).toBe("gone");
    await deleteUser(gone.id);
    expect((await listAuditEvents({ subjectId: gone.id })).events).toHaveLength(1);
    expect((await usernamesFor([gone.id, null])).size).toBe(0);
  });
});
