import type { Metadata } from "next";
import Link from "next/link";
import { LiveRefresh } from "@/components/direct/live-refresh";
import { MarkAllRead } from "@/components/direct/mark-all-read";
import { NewDirectMessage } from "@/components/direct/new-message";
import { requirePageUser } from "@/lib/auth/current-user";
import { latestDirectEventId } from "@/lib/direct/events";
import { listDirectThreads } from "@/lib/direct/messages";

export const metadata: Metadata = { title: "Direct messages" };

export default async function DirectMessagesPage() {
  const user = await requirePageUser();
  const eventsAfter = await latestDirectEventId(user.id);
  const threads = await listDirectThreads(user.id);
  const unread = threads.reduce((sum, t) => sum + t.unread, 0);
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-8 p-4 sm:p-6">
      <LiveRefresh after={eventsAfter} />
      <h1 className="text-2xl font-semibold">Direct messages</h1>
      <section aria-labelledby="new-dm" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 id="new-dm" className="mb-3 font-medium">
          New message
        </h2>
        <NewDirectMessage />
      </section>
      <section aria-labelledby="threads">
        <div className="mb-3 flex items-center justify-between gap-3">
          <h2 id="threads" className="font-medium">
            Conversations with people
          </h2>
          {unread > 0 ? <MarkAllRead /> : null}
        </div>
        {threads.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            No direct messages yet. Write to someone by their username.
          </p>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {threads.map((t) => (
              <li key={t.threadId}>
                <Link
                  href={t.other.deleted ? `/direct/~${t.threadId}` : `/direct/${encodeURIComponent(t.other.username)}`}
                  className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-900"
                >
                  <span className="min-w-0 flex-1">
                    <span className="block font-medium">{t.other.fullName ?? t.other.username}</span>
                    <span className="block truncate text-sm text-zinc-600 dark:text-zinc-400">
                      {t.lastMessage.fromMe ? "You: " : ""}
                      {t.lastMessage.content}
                    </span>
                  </span>
                  {t.unread > 0 ? (
                    <span className="rounded-full bg-blue-600 px-2 py-0.5 text-xs font-semibold text-white">
                      {t.unread} unread
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
