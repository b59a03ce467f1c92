import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ACTIONS_COLUMN, DataTable } from "@/components/ui/data-table";

export function RolesTable({
  roles,
  dropRole,
}: {
  roles: { id: string; name: string; description: string | null; _count: { users: number } }[];
  dropRole: (formData: FormData) => Promise<void>;
}) {
  if (!roles.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No roles yet.</p>;
  return (
    <DataTable caption="Roles" className="stack max-w-3xl" columns={["Role", "Description", "Users", ACTIONS_COLUMN]}>
      {roles.map((role) => (
        <tr key={role.id} className="border-b border-zinc-100 dark:border-zinc-900">
          <td className="py-2 font-mono">{role.name}</td>
          <td>{role.description}</td>
          <td data-label="Users">{role._count.users}</td>
          <td>
            <div className="flex items-center gap-3">
              <Link
                href={`/admin/roles/${role.id}`}
                className="underline"
                aria-label={`Edit permissions of ${role.name}`}
              >
                Permissions
              </Link>
              {role.name === "default" ? null : (
                <form action={dropRole}>
                  <input type="hidden" name="roleId" value={role.id} />
                  <Button type="submit" variant="secondary" aria-label={`Delete role ${role.name}`}>
                    Delete
                  </Button>
                </form>
              )}
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
