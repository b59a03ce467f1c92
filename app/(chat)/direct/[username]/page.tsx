import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DirectThread } from "@/components/direct/direct-thread";
import { serializeDirectMessage } from "@/lib/api/serializers";
import { requireUser } from "@/lib/auth/current-user";
import { latestDirectEventId } from "@/lib/db/direct-message-events";
import { getDirectThread } from "@/lib/db/direct-messages";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Direct message" };

export default async function DirectThreadPage({
  params,
  searchParams,
}: {
  params: Promise<{ username: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const user = await requireUser();
  const username = decodeURIComponent((await params).username);
  const { before } = await searchParams;
  const eventsAfter = await latestDirectEventId(user.id);
  const thread = await getDirectThread({ userId: user.id, otherUsername: username, beforeId: before }).catch(
    (error) => {
      if (isAppError(error) && (error.kind === "not_found" || error.kind === "bad_request")) notFound();
      throw error;
    },
  );
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-6 p-4 sm:p-6">
      <div>
        <Link href="/direct" className="text-sm text-zinc-500 hover:underline">
          ← Direct messages
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{thread.other.fullName ?? thread.other.username}</h1>
        {thread.other.fullName ? <p className="text-sm text-zinc-500">{thread.other.username}</p> : null}
      </div>
      {thread.hasMore ? (
        <Link href={`?before=${thread.messages[0]?.id}`} className="self-center text-sm underline">
          Earlier messages
        </Link>
      ) : null}
      <DirectThread
        key={`${thread.other.username}:${before ?? ""}`}
        me={user.username}
        other={thread.other.username}
        initialMessages={thread.messages.map(serializeDirectMessage)}
        initiallyBlocked={thread.blockedByMe}
        eventsAfter={eventsAfter}
      />
    </main>
  );
}
