import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { RolesTable } from "@/components/admin/roles-table";
import { TwoFactorRequirementForm } from "@/components/admin/two-factor-requirement-form";
import { UsersTable } from "@/components/admin/users-table";
import { ActionForm } from "@/components/auth/action-form";
import { AdminSearchSchema } from "@/lib/auth/admin-schemas";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getTwoFactorRequirement } from "@/lib/auth/two-factor-policy";
import { getDefaultRole, listRoles } from "@/lib/db/roles";
import { listUsers } from "@/lib/db/users";
import {
  addRoleAction,
  dropRoleAction,
  grantRoleAction,
  removeUserAction,
  resetTwoFactorLoginAction,
  revokeRoleAction,
  setActiveAction,
} from "./actions";
import { saveTwoFactorRequirementAction } from "./two-factor-actions";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin");
  if (!admin.isSuperuser) notFound();
  const { q, page } = AdminSearchSchema.parse(await searchParams);
  // Listed (and editable) from the start: what people without a role get.
  await getDefaultRole();
  const [{ users, total, pages }, roles, twoFactorRequirement] = await Promise.all([
    listUsers({ query: q, page }),
    listRoles(),
    getTwoFactorRequirement(),
  ]);
  const pageHref = (p: number) => `/admin?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-8 p-4 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Admin</h1>
        <div className="flex flex-wrap gap-4">
          <Link href="/admin/signup" className="text-sm underline">
            Sign-up
          </Link>
          <Link href="/admin/models" className="text-sm underline">
            Models
          </Link>
          <Link href="/admin/tools" className="text-sm underline">
            Tools
          </Link>
          <Link href="/admin/usage" className="text-sm underline">
            Usage
          </Link>
          <Link href="/admin/audit" className="text-sm underline">
            Audit log
          </Link>
          <Link href="/admin/feedback" className="text-sm underline">
            Feedback on replies
          </Link>
        </div>
      </div>
      <section className="flex flex-col gap-4" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          Two-factor authentication
        </h2>
        <TwoFactorRequirementForm current={twoFactorRequirement} action={saveTwoFactorRequirementAction} />
      </section>
      <section className="flex flex-col gap-4" aria-labelledby="users-heading">
        <h2 id="users-heading" className="text-lg font-semibold">
          Users ({total})
        </h2>
        <search>
          <form className="flex max-w-md gap-2" action="/admin">
            <label htmlFor="admin-search" className="sr-only">
              Search users
            </label>
            <input
              id="admin-search"
              name="q"
              type="search"
              defaultValue={q}
              placeholder="Email or username"
              className="min-w-0 flex-1 rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
            <button type="submit" className="rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700">
              Search
            </button>
          </form>
        </search>
        <UsersTable
          users={users}
          roles={roles}
          currentUserId={admin.id}
          actions={{
            setActive: setActiveAction,
            removeUser: removeUserAction,
            resetTwoFactor: resetTwoFactorLoginAction,
            grant: grantRoleAction,
            revoke: revokeRoleAction,
          }}
        />
        <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
          {page > 1 ? <Link href={pageHref(page - 1)}>Previous page</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={pageHref(page + 1)}>Next page</Link> : null}
        </nav>
      </section>
      <section className="flex flex-col gap-4" aria-labelledby="roles-heading">
        <h2 id="roles-heading" className="text-lg font-semibold">
          Roles
        </h2>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          A role sets which models its members may use, their message and token limits, and whether they may create API
          keys and share links. People without a role get the <span className="font-mono">default</span> role; someone
          with several roles gets the most generous of each.
        </p>
        <RolesTable roles={roles} dropRole={dropRoleAction} />
        <div className="max-w-sm">
          <ActionForm
            action={addRoleAction}
            title="New role"
            fields={[
              { label: "Role name", name: "name", required: true, maxLength: 40 },
              { label: "Description", name: "description", maxLength: 200 },
            ]}
            submitLabel="Create role"
          />
        </div>
      </section>
    </main>
  );
}
