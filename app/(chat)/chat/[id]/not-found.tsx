import Link from "next/link";

export default function ConversationNotFound() {
  return (
    <main className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-sm font-medium text-zinc-500 dark:text-zinc-400">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Conversation not found</h1>
      <p className="max-w-sm text-sm text-zinc-500 dark:text-zinc-400">
        It may have been deleted, or it belongs to someone else.
      </p>
      <Link
        href="/"
        className="mt-2 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Start a new chat
      </Link>
    </main>
  );
}
