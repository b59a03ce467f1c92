import type { Metadata } from "next";
import Link from "next/link";
import { DirectMessageForm } from "@/components/direct/direct-message-form";
import { requirePageUser } from "@/lib/auth/current-user";
import { listDirectThreads } from "@/lib/db/direct-messages";
import { sendDirectMessageAction } from "./actions";

export const metadata: Metadata = { title: "Direct messages" };

export default async function DirectMessagesPage() {
  const user = await requirePageUser();
  const threads = await listDirectThreads(user.id);
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-8 p-6">
      <h1 className="text-2xl font-semibold">Direct messages</h1>
      <section aria-labelledby="new-dm" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 id="new-dm" className="mb-3 font-medium">
          New message
        </h2>
        <DirectMessageForm action={sendDirectMessageAction} />
      </section>
      <section aria-labelledby="threads">
        <h2 id="threads" className="mb-3 font-medium">
          Conversations with people
        </h2>
        {threads.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            No direct messages yet. Write to someone by their username.
          </p>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {threads.map((t) => (
              <li key={t.threadId}>
                <Link
                  href={`/direct/${encodeURIComponent(t.other.username)}`}
                  className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-900"
                >
                  <span className="min-w-0 flex-1">
                    <span className="block font-medium">{t.other.fullName ?? t.other.username}</span>
                    <span className="block truncate text-sm text-zinc-500 dark:text-zinc-400">
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
