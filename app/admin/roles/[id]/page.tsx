import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { RolePermissionsForm } from "@/components/admin/role-permissions-form";
import { listModels } from "@/lib/ai/providers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getRoleWithPermissions } from "@/lib/db/roles";
import { env } from "@/lib/env";
import { saveRolePermissionsAction } from "../../actions";

export const metadata: Metadata = { title: "Role permissions · Admin" };

export default async function RolePermissionsPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin");
  if (!admin.isSuperuser) notFound();
  const id = z
    .string()
    .uuid()
    .safeParse((await params).id);
  const role = id.success ? await getRoleWithPermissions(id.data) : null;
  if (!role) notFound();
  const allowedModels = Array.isArray(role.allowedModels)
    ? role.allowedModels.filter((m): m is string => typeof m === "string")
    : null;
  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">
          Role <span className="font-mono">{role.name}</span>
        </h1>
        <Link href="/admin" className="text-sm underline">
          Back to admin
        </Link>
      </div>
      {role.name === "default" ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">What everyone without a role may do.</p>
      ) : role.description ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{role.description}</p>
      ) : null}
      <RolePermissionsForm
        role={{ ...role, allowedModels }}
        models={await listModels()}
        serverMessagesPerMinute={env().PARLEY_MESSAGES_PER_MINUTE}
        action={saveRolePermissionsAction}
      />
    </main>
  );
}
