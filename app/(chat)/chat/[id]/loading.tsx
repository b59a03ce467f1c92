/** Shown while a conversation's newest messages load. */
export default function ConversationLoading() {
  return (
    <main aria-busy="true" className="flex min-h-0 flex-1 flex-col">
      <div className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-6 px-4 pt-6 sm:px-6">
        <span className="sr-only" role="status">
          Loading conversation…
        </span>
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex flex-col gap-6">
            <div className="h-10 w-1/2 animate-pulse self-end rounded-2xl bg-zinc-100 dark:bg-zinc-800" />
            <div className="flex flex-col gap-2">
              <div className="h-3 w-5/6 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
              <div className="h-3 w-4/6 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
              <div className="h-3 w-3/6 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
            </div>
          </div>
        ))}
      </div>
    </main>
  );
}
