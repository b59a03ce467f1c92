import Link from "next/link";
import { FolderIcon, PlusIcon } from "@/components/chat/icons";

export interface ProjectSummary {
  id: string;
  name: string;
}

const ITEM =
  "flex items-center gap-2 rounded-lg px-3 py-1.5 text-sm text-zinc-700 hover:bg-zinc-200/50 aria-[current=page]:bg-zinc-200/80 aria-[current=page]:font-medium aria-[current=page]:text-zinc-950 dark:text-zinc-300 dark:hover:bg-zinc-800/60 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white";

/** The person's projects, above the history, and the way to make one. */
export function ProjectsSection({ projects, pathname }: { projects: ProjectSummary[]; pathname: string }) {
  return (
    <section aria-label="Projects" className="mt-1 mb-2">
      <h2 className="px-3 pb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">Projects</h2>
      <ul className="space-y-0.5">
        {projects.map((project) => (
          <li key={project.id}>
            <Link
              href={`/projects/${project.id}`}
              aria-current={pathname.startsWith(`/projects/${project.id}`) ? "page" : undefined}
              className={ITEM}
            >
              <FolderIcon />
              <span className="truncate">{project.name}</span>
            </Link>
          </li>
        ))}
        <li>
          <Link
            href="/projects/new"
            aria-current={pathname === "/projects/new" ? "page" : undefined}
            className={`${ITEM} text-zinc-500 dark:text-zinc-400`}
          >
            <PlusIcon /> New project
          </Link>
        </li>
      </ul>
    </section>
  );
}
