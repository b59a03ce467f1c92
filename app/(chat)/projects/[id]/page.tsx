import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { InstructionsField } from "@/components/projects/instructions-field";
import { ProjectFiles } from "@/components/projects/project-files";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { requirePageUser } from "@/lib/auth/current-user";
import { MAX_PROJECT_NAME_CHARS } from "@/lib/db/project-limits";
import { getProject, listChatsOutsideProject, listProjectConversations, listProjectFiles } from "@/lib/db/projects";
import {
  addProjectFileAction,
  deleteProjectAction,
  moveChatAction,
  newProjectChatAction,
  removeProjectFileAction,
  updateProjectAction,
} from "../actions";

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  const user = await requirePageUser();
  if (!z.uuid().safeParse(id).success) return null;
  const project = await getProject({ id, userId: user.id });
  return project ? { user, project } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load((await params).id);
  return { title: found?.project.name ?? "Project" };
}

export default async function ProjectPage({ params }: Props) {
  const found = await load((await params).id);
  if (!found) notFound();
  const { user, project } = found;
  const [files, chats, others] = await Promise.all([
    listProjectFiles({ projectId: project.id, userId: user.id }),
    listProjectConversations({ projectId: project.id, userId: user.id }),
    listChatsOutsideProject({ projectId: project.id, userId: user.id }),
  ]);
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold tracking-tight">{project.name}</h1>
        <form action={newProjectChatAction}>
          <input type="hidden" name="projectId" value={project.id} />
          <Button type="submit">New chat in this project</Button>
        </form>
      </div>

      <form action={updateProjectAction} className="mt-6 flex flex-col gap-4" aria-label="Project settings">
        <input type="hidden" name="id" value={project.id} />
        <Field label="Name" name="name" required maxLength={MAX_PROJECT_NAME_CHARS} defaultValue={project.name} />
        <InstructionsField defaultValue={project.instructions ?? ""} />
        <div>
          <Button type="submit" variant="secondary">
            Save
          </Button>
        </div>
      </form>

      <ProjectFiles
        projectId={project.id}
        files={files.map((f) => ({
          fileId: f.attachmentId,
          name: f.attachment.name,
          size: f.attachment.size,
          status: f.status,
          error: f.error,
          passages: f.passageCount,
        }))}
        addFile={addProjectFileAction}
        removeFile={removeProjectFileAction}
      />

      <section aria-labelledby="project-chats" className="mt-8">
        <h2 id="project-chats" className="text-base font-semibold">
          Chats
        </h2>
        <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {chats.map((chat) => (
            <li key={chat.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
              <Link href={`/chat/${chat.id}`} className="min-w-0 truncate hover:underline">
                {chat.title ?? "New chat"}
              </Link>
              <form action={moveChatAction}>
                <input type="hidden" name="conversationId" value={chat.id} />
                <input type="hidden" name="projectId" value="" />
                <button
                  type="submit"
                  aria-label={`Move ${chat.title ?? "New chat"} out of the project`}
                  className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
                >
                  Move out
                </button>
              </form>
            </li>
          ))}
          {chats.length === 0 ? (
            <li className="px-3 py-4 text-center text-sm text-zinc-500 dark:text-zinc-400">No chats in it yet.</li>
          ) : null}
        </ul>
        {others.length ? (
          <form action={moveChatAction} className="mt-3 flex flex-wrap items-end gap-2">
            <input type="hidden" name="projectId" value={project.id} />
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <label htmlFor="move-chat" className="text-sm font-medium">
                Move a chat into this project
              </label>
              <select
                id="move-chat"
                name="conversationId"
                className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              >
                {others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title ?? "New chat"}
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" variant="secondary">
              Move here
            </Button>
          </form>
        ) : null}
      </section>

      <section
        aria-labelledby="delete-project"
        className="mt-10 rounded-lg border border-red-200 p-4 dark:border-red-900/60"
      >
        <h2 id="delete-project" className="text-base font-semibold">
          Delete project
        </h2>
        <form action={deleteProjectAction} className="mt-2 flex flex-col gap-3 text-sm">
          <input type="hidden" name="id" value={project.id} />
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1">What should happen to its {chats.length} chats?</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="conversations" value="keep" defaultChecked /> Keep them (moved out of the
              project)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="conversations" value="trash" /> Move them to the trash
            </label>
          </fieldset>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            The project&apos;s passages are deleted; the uploaded files stay in your account.
          </p>
          <div>
            <Button type="submit" variant="danger">
              Delete project
            </Button>
          </div>
        </form>
      </section>
    </main>
  );
}
