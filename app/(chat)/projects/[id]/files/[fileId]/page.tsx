import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePageUser } from "@/lib/auth/current-user";
import { getProject, passagesAround } from "@/lib/db/projects";
import { sourceLabel } from "@/lib/projects/sources";

export const metadata = { title: "Project file" };

type Props = { params: Promise<{ id: string; fileId: string }>; searchParams: Promise<{ passage?: string }> };

/** A project file's text at a cited passage (and the passages around it), the cited one marked. */
export default async function ProjectFilePage({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const { id, fileId } = await params;
  const passage = z.coerce
    .number()
    .int()
    .positive()
    .safeParse((await searchParams).passage);
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(fileId).success) notFound();
  const project = await getProject({ id, userId: user.id });
  if (!project) notFound();
  const cited = passage.success ? passage.data : null;
  const file = await passagesAround({ projectId: id, userId: user.id, attachmentId: fileId, passageId: cited });
  if (!file) notFound();
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-8">
      <p className="text-sm">
        <Link href={`/projects/${id}`} className="text-blue-700 hover:underline dark:text-blue-400">
          {project.name}
        </Link>
      </p>
      <h1 className="mt-1 text-xl font-semibold tracking-tight">{file.name}</h1>
      <p className="mt-1 text-sm">
        <a href={`/api/v1/files/${fileId}/content`} className="text-blue-700 hover:underline dark:text-blue-400">
          Download the file
        </a>
      </p>
      <ol className="mt-6 flex flex-col gap-3">
        {file.passages.map((p) => (
          <li
            key={p.id}
            id={`passage-${p.id}`}
            aria-current={p.id === cited ? "location" : undefined}
            className="scroll-mt-20 rounded-lg border border-zinc-200 p-3 text-sm whitespace-pre-wrap aria-[current=location]:border-amber-400 aria-[current=location]:bg-amber-50 dark:border-zinc-800 dark:aria-[current=location]:border-amber-500 dark:aria-[current=location]:bg-amber-950/40"
          >
            <p className="mb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">
              {sourceLabel({ name: file.name, page: p.page, offset: p.offset })}
              {p.id === cited ? " · cited" : ""}
            </p>
            {p.text}
          </li>
        ))}
      </ol>
    </main>
  );
}
