import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Message } from "@/components/chat/message";
import type { ChatMessage } from "@/components/chat/types";
import { listModels } from "@/lib/ai/providers";
import { contentUrl } from "@/lib/attachments/parts";
import { getCurrentUser } from "@/lib/auth/current-user";
import { type SnapshotMessage, sharedImageUrl, viewSharedLink } from "@/lib/db/shared-links";
import { continueSharedConversationAction } from "./actions";

// Read on every request from the database: a deleted link is gone at once on every instance.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

/** Once per request, so the metadata and the page count one view. */
const load = cache((token: string) => viewSharedLink(token));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const snapshot = await load((await params).token);
  return {
    title: snapshot?.title ?? "Shared conversation",
    robots: { index: false, follow: false, nocache: true },
    referrer: "no-referrer",
  };
}

/** Images are shown through the link (the owner's file address needs the owner's session); other files by name. */
function withSharedImages(parts: SnapshotMessage["parts"], token: string): SnapshotMessage["parts"] {
  return parts.map((part) => {
    const image = part.type === "file" && typeof part.mediaType === "string" && part.mediaType.startsWith("image/");
    const ours = typeof part.fileId === "string" && part.url === contentUrl(part.fileId);
    return image && ours ? { ...part, url: sharedImageUrl(token, part.fileId as string) } : part;
  });
}

function toChatMessage(m: SnapshotMessage, token: string): ChatMessage {
  return {
    id: m.id,
    role: m.role,
    parts: withSharedImages(m.parts, token) as ChatMessage["parts"],
    metadata: { modelId: m.modelId, status: m.status, error: m.error },
  };
}

export default async function SharedConversationPage({ params }: Props) {
  const { token } = await params;
  const [snapshot, user] = await Promise.all([load(token), getCurrentUser()]);
  if (!snapshot) notFound();
  const labels = new Map((await listModels()).map((m) => [m.id, m.label]));
  const messages = snapshot.messages.map((m) => toChatMessage(m, token));
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 shrink-0 items-center justify-between gap-3 border-b border-zinc-200/70 px-4 text-sm dark:border-zinc-800/70">
        <Link href="/" className="font-semibold">
          Parley
        </Link>
        <span className="rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          Read-only
        </span>
      </header>
      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-6 px-4 pt-6 pb-10 sm:px-6">
        <div className="flex flex-col gap-1 border-b border-zinc-200/70 pb-4 dark:border-zinc-800/70">
          <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">
            {snapshot.title ?? "Shared conversation"}
          </h1>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            Shared on{" "}
            <time dateTime={snapshot.createdAt.toISOString()}>
              {snapshot.createdAt.toLocaleDateString("en", { dateStyle: "long", timeZone: "UTC" })}
            </time>
            . A copy of the conversation at that moment: later messages are not shown.
          </p>
        </div>
        <section aria-label="Messages" className="flex flex-col gap-6">
          {messages.map((message) => (
            <Message
              key={message.id}
              message={message}
              isLast={false}
              streaming={false}
              busy={false}
              modelLabel={message.metadata?.modelId ? (labels.get(message.metadata.modelId) ?? null) : null}
            />
          ))}
        </section>
        <div className="mt-4 flex flex-col items-center gap-2 border-t border-zinc-200/70 pt-6 text-center dark:border-zinc-800/70">
          {user ? (
            <form action={continueSharedConversationAction}>
              <input type="hidden" name="token" value={token} />
              <button
                type="submit"
                className="rounded-full bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
              >
                Continue this conversation
              </button>
            </form>
          ) : (
            <Link
              href={`/login?callbackUrl=${encodeURIComponent(`/share/${token}`)}`}
              className="rounded-full bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
            >
              Sign in to continue this conversation
            </Link>
          )}
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Continuing copies it into your own history.</p>
        </div>
      </main>
    </div>
  );
}
