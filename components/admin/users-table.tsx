import { DeleteUserForm } from "@/components/admin/delete-user-form";
import { ResetTwoFactorForm } from "@/components/admin/reset-two-factor-form";
import { formatDate } from "@/components/settings/format";
import { Button } from "@/components/ui/button";
import { ACTIONS_COLUMN, DataTable } from "@/components/ui/data-table";

import type { FormActionFn } from "@/lib/action-result";

type Action = (formData: FormData) => Promise<void>;
type StateAction = FormActionFn;

interface AdminUser {
  id: string;
  email: string;
  username: string;
  isActive: boolean;
  pendingApproval: boolean;
  isSuperuser: boolean;
  emailVerifiedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  roles: { role: { id: string; name: string } }[];
  totp: { enabledAt: Date | null } | null;
  _count: { passkeys: number };
}

export function UsersTable({
  users,
  roles,
  currentUserId,
  actions,
}: {
  users: AdminUser[];
  roles: { id: string; name: string }[];
  currentUserId: string;
  actions: {
    setActive: Action;
    removeUser: StateAction;
    resetTwoFactor: StateAction;
    grant: Action;
    revoke: Action;
  };
}) {
  return (
    <DataTable caption="Users" className="stack" columns={["User", "Status", "Last login", "Roles", ACTIONS_COLUMN]}>
      {users.map((user) => {
        const self = user.id === currentUserId;
        const missing = roles.filter((r) => !user.roles.some((ur) => ur.role.id === r.id));
        const hasTotp = Boolean(user.totp?.enabledAt);
        const passkeys = user._count.passkeys;
        return (
          <tr
            key={user.id}
            aria-label={user.username}
            className="border-b border-zinc-100 align-top dark:border-zinc-900"
          >
            <td className="py-2">
              <p className="font-medium">{user.username}</p>
              <p className="text-zinc-600 dark:text-zinc-400">{user.email}</p>
              {user.isSuperuser ? <p className="text-xs font-semibold">Superuser</p> : null}
            </td>
            <td data-label="Status">
              {user.pendingApproval ? "Waiting for approval" : user.isActive ? "Active" : "Deactivated"}
              {user.emailVerifiedAt ? "" : " · unverified"}
              {hasTotp ? " · two-factor on" : ""}
              {passkeys ? ` · ${passkeys} passkey${passkeys === 1 ? "" : "s"}` : ""}
            </td>
            <td data-label="Last login">{formatDate(user.lastLoginAt)}</td>
            <td data-label="Roles" className="min-w-64 pr-3">
              {user.roles.length ? (
                <ul aria-label={`Roles of ${user.username}`} className="flex flex-wrap gap-1.5 py-1">
                  {user.roles.map(({ role }) => (
                    <li
                      key={role.id}
                      className="flex items-center gap-0.5 rounded-full bg-zinc-100 py-0.5 pr-0.5 pl-2.5 text-xs font-medium dark:bg-zinc-800"
                    >
                      {role.name}
                      <form action={actions.revoke}>
                        <input type="hidden" name="userId" value={user.id} />
                        <input type="hidden" name="roleId" value={role.id} />
                        <button
                          type="submit"
                          aria-label={`Remove role ${role.name} from ${user.username}`}
                          className="grid size-6 place-items-center rounded-full text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
                        >
                          ×
                        </button>
                      </form>
                    </li>
                  ))}
                </ul>
              ) : null}
              {missing.length ? (
                <form action={actions.grant} className="mt-1.5 flex flex-wrap items-center gap-2">
                  <input type="hidden" name="userId" value={user.id} />
                  <select
                    name="roleId"
                    aria-label={`Role to grant ${user.username}`}
                    className="min-w-28 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
                  >
                    {missing.map((role) => (
                      <option key={role.id} value={role.id}>
                        {role.name}
                      </option>
                    ))}
                  </select>
                  <Button type="submit" variant="secondary" className="px-2.5 py-1.5">
                    Grant role
                  </Button>
                </form>
              ) : null}
            </td>
            <td>
              {self ? (
                <span className="text-xs text-zinc-600 dark:text-zinc-400">You</span>
              ) : (
                <div className="flex flex-wrap gap-2">
                  <form action={actions.setActive}>
                    <input type="hidden" name="userId" value={user.id} />
                    <input type="hidden" name="active" value={user.isActive ? "false" : "true"} />
                    <Button type="submit" variant="secondary">
                      {user.isActive ? "Deactivate" : "Activate"}
                    </Button>
                  </form>
                  <ResetTwoFactorForm
                    userId={user.id}
                    username={user.username}
                    hasTwoFactor={hasTotp || passkeys > 0}
                    action={actions.resetTwoFactor}
                  />
                  <DeleteUserForm userId={user.id} username={user.username} action={actions.removeUser} />
                </div>
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
