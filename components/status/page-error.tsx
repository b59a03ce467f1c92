"use client";

import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";
import { DatabaseUnavailable } from "./database-unavailable";

/** An error boundary's page (error.tsx); the database being down gets its own explanation. */
export function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (error.digest === DATABASE_UNAVAILABLE_DIGEST) return <DatabaseUnavailable />;
  return (
    <main className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="max-w-sm text-sm text-zinc-500">The page could not be shown. Nothing you wrote was lost.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-2 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Try again
      </button>
    </main>
  );
}
