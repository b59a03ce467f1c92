import Link from "next/link";
import { citationsOf } from "@/lib/projects/sources";

/** A project reply's sources under it: each opens the file at the passage (a share shows the names only). */
export function Citations({ parts }: { parts: unknown }) {
  const citations = citationsOf(parts);
  if (citations.length === 0) return null;
  return (
    <section aria-label="Sources" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
      <h3 className="mb-1 font-medium">Sources</h3>
      <ol className="flex flex-wrap gap-1.5">
        {citations.map((c, i) => (
          <li key={c.key}>
            {c.href ? (
              <Link
                href={c.href}
                className="inline-flex items-center gap-1 rounded-md border border-zinc-200 bg-white px-2 py-0.5 text-zinc-700 hover:border-blue-400 hover:text-blue-700 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:text-blue-300"
              >
                <span className="text-zinc-500 dark:text-zinc-400">[{i + 1}]</span> {c.label}
              </Link>
            ) : (
              <span className="inline-flex items-center gap-1 rounded-md border border-zinc-200 px-2 py-0.5 dark:border-zinc-700">
                <span className="text-zinc-500 dark:text-zinc-400">[{i + 1}]</span> {c.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
