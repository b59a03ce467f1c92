import { InstructionsField } from "@/components/projects/instructions-field";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { requirePageUser } from "@/lib/auth/current-user";
import { MAX_PROJECT_NAME_CHARS } from "@/lib/db/project-limits";
import { createProjectAction } from "../actions";

export const metadata = { title: "New project" };

export default async function NewProjectPage() {
  await requirePageUser();
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-8">
      <h1 className="text-xl font-semibold tracking-tight">New project</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        A project keeps chats together, with instructions for every chat in it and files the model can search.
      </p>
      <form action={createProjectAction} className="mt-6 flex flex-col gap-4">
        <Field label="Name" name="name" required maxLength={MAX_PROJECT_NAME_CHARS} autoComplete="off" />
        <InstructionsField defaultValue="" />
        <div>
          <Button type="submit">Create project</Button>
        </div>
      </form>
    </main>
  );
}
