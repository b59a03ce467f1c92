import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DirectThread } from "@/components/direct/direct-thread";
import { serializeDirectMessage } from "@/lib/api/serializers";
import { requirePageUser } from "@/lib/auth/current-user";
import { latestDirectEventId } from "@/lib/direct/events";
import { getDirectThread } from "@/lib/direct/messages";
import { isAppError } from "@/lib/errors";
import { decodePath } from "@/lib/url-path.js";

export const metadata: Metadata = { title: "Direct message" };

export default async function DirectThreadPage({
  params,
  searchParams,
}: {
  params: Promise<{ username: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const user = await requirePageUser();
  // A malformed `%` escape names nobody: 404, not the error page.
  const username = decodePath((await params).username);
  if (username === null) notFound();
  const { before } = await searchParams;
  const eventsAfter = await latestDirectEventId(user.id);
  const thread = await getDirectThread({ userId: user.id, otherUsername: username, beforeId: before }).catch(
    (error) => {
      if (isAppError(error) && (error.kind === "not_found" || error.kind === "bad_request")) notFound();
      throw error;
    },
  );
  const heading = (
    <div className="min-w-0">
      <Link href="/direct" className="text-sm text-zinc-600 dark:text-zinc-400 hover:underline">
        ← Direct messages
      </Link>
      <h1 className="mt-1 truncate text-2xl font-semibold">{thread.other.fullName ?? thread.other.username}</h1>
      {thread.other.fullName ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{thread.other.username}</p>
      ) : null}
    </div>
  );
  const earlier = thread.hasMore ? (
    <Link href={`?before=${thread.messages[0]?.id}`} className="self-center text-sm underline">
      Earlier messages
    </Link>
  ) : null;
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-6 p-4 sm:p-6">
      {thread.other.deleted ? (
        <>
          {heading}
          {earlier}
          <ol aria-label={`Messages with ${thread.other.username}`} className="flex flex-col gap-2">
            {thread.messages.map((m) => {
              const mine = m.senderId === user.id;
              return (
                <li
                  key={m.id}
                  className={`max-w-[80%] whitespace-pre-wrap rounded-2xl px-4 py-2 text-sm ${
                    mine
                      ? "self-end bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                      : "self-start bg-zinc-100 dark:bg-zinc-800"
                  }`}
                >
                  <span className="sr-only">{mine ? "You" : thread.other.username}: </span>
                  {m.content}
                  <time dateTime={m.createdAt.toISOString()} className="mt-1 block text-[10px] opacity-60">
                    {m.createdAt.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" })}
                  </time>
                </li>
              );
            })}
          </ol>
          {thread.messages.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No messages yet. Say hello.</p>
          ) : null}
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            This account was deleted: you can read the conversation but not reply.
          </p>
        </>
      ) : (
        <DirectThread
          key={`${thread.other.username}:${before ?? ""}`}
          me={user.username}
          other={thread.other.username}
          initialMessages={thread.messages.map(serializeDirectMessage)}
          initiallyBlocked={thread.blockedByMe}
          eventsAfter={eventsAfter}
          heading={heading}
        >
          {earlier}
        </DirectThread>
      )}
    </main>
  );
}
