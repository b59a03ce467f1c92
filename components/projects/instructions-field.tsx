import { MAX_PROJECT_INSTRUCTIONS_CHARS } from "@/lib/db/project-limits";

/** The project instructions box (new project and project page). */
export function InstructionsField({ defaultValue }: { defaultValue: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="project-instructions" className="text-sm font-medium">
        Instructions
      </label>
      <textarea
        id="project-instructions"
        name="instructions"
        rows={4}
        maxLength={MAX_PROJECT_INSTRUCTIONS_CHARS}
        defaultValue={defaultValue}
        aria-describedby="project-instructions-hint"
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <p id="project-instructions-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
        Added to the system prompt of every chat in this project.
      </p>
    </div>
  );
}
