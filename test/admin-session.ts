// The signed-in superuser that the admin forms' tests call actions as (mocks `@/lib/auth/current-user`):
//   vi.mock("@/lib/auth/current-user", async () => (await import("@/test/admin-session")).superuserSession());
import type { CurrentUser } from "@/lib/auth/current-user";

export const TEST_ADMIN: CurrentUser = {
  id: "3f1d1c1e-0000-4000-8000-000000000001",
  email: "admin@example.test",
  username: "admin",
  isSuperuser: true,
  isEmailVerified: true,
  mustSetUpTwoFactor: false,
  sessionId: "3f1d1c1e-0000-4000-8000-000000000002",
};

export function superuserSession() {
  return {
    getCurrentUser: async () => TEST_ADMIN,
    requireUser: async () => TEST_ADMIN,
    requireSuperuser: async () => TEST_ADMIN,
  };
}
