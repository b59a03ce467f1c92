"use client";

/** Shown instead of a page while the database cannot be reached: says what is wrong and that nobody was signed out. */
export function DatabaseUnavailable() {
  return (
    <main className="flex min-h-dvh flex-1 flex-col items-center justify-center gap-3 bg-zinc-50 p-8 text-center dark:bg-zinc-950">
      <p className="text-sm font-medium text-zinc-500">503 · Parley</p>
      <h1 className="text-2xl font-semibold tracking-tight">Parley cannot reach its database</h1>
      <p className="max-w-sm text-sm text-zinc-500">
        This is a problem on the server, not with your account: you are still signed in and nothing was lost. Try again
        in a moment.
      </p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="mt-2 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Try again
      </button>
    </main>
  );
}
