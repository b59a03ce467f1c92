import type { ReactNode } from "react";

/** A full-page message in Parley's look: used by the not-found and error pages. */
export function StatusPage({
  code,
  title,
  children,
  actions,
}: {
  code: string;
  title: string;
  children: ReactNode;
  actions: ReactNode;
}) {
  return (
    <main className="flex min-h-dvh flex-1 flex-col items-center justify-center gap-3 bg-zinc-50 p-8 text-center dark:bg-zinc-950">
      <p className="flex items-center gap-2 text-[15px] font-semibold tracking-tight">
        <span
          aria-hidden="true"
          className="grid size-7 place-items-center rounded-lg bg-zinc-900 text-xs font-bold text-white dark:bg-white dark:text-zinc-900"
        >
          P
        </span>
        Parley
      </p>
      <p className="mt-6 text-sm font-medium text-zinc-600 dark:text-zinc-400">{code}</p>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      <div className="mt-2 flex flex-wrap items-center justify-center gap-2">{actions}</div>
    </main>
  );
}

export const PRIMARY_ACTION =
  "rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300";
export const SECONDARY_ACTION =
  "rounded-lg border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:hover:bg-zinc-800";
