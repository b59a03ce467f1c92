"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { useConversations } from "./conversations-context";
import type { ConversationPage, ConversationSummary, SidebarActions } from "./types";

const SHELF_BUTTON = "rounded-lg py-1.5";

/** The trash (restore, delete forever, empty) or the archive (unarchive): a plain paged list. */
export function Shelf({
  view,
  initial,
  actions,
}: {
  view: "trash" | "archived";
  initial: ConversationPage;
  actions: SidebarActions;
}) {
  const router = useRouter();
  const { listChanged } = useConversations();
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(item: ConversationSummary | null, action: () => Promise<{ ok: boolean; error?: string }>) {
    setPending(true);
    setError(null);
    const result = await action();
    setPending(false);
    if (!result.ok) return setError(result.error ?? "That did not work.");
    setItems((list) => (item ? list.filter((i) => i.id !== item.id) : []));
    listChanged();
    router.refresh();
  }

  async function more() {
    if (!cursor) return;
    const result = await actions.list({ view, cursor });
    if (!result.ok) return setError(result.error);
    setItems((list) => [...list, ...result.data.items]);
    setCursor(result.data.nextCursor);
  }

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-8">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">{view === "trash" ? "Trash" : "Archived"}</h1>
        {view === "trash" && items.length > 0 ? (
          <Button
            variant="danger"
            disabled={pending}
            onClick={() => {
              if (window.confirm("Delete every conversation in the trash for good?")) {
                void run(null, actions.emptyTrash);
              }
            }}
            className="rounded-lg py-1.5"
          >
            Empty trash
          </Button>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        {view === "trash"
          ? "Deleted conversations stay here until you restore them or empty the trash."
          : "Archived conversations are hidden from the sidebar but kept."}
      </p>
      {error ? (
        <p
          role="alert"
          className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {error}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="mt-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
          {view === "trash" ? "The trash is empty." : "Nothing archived."}
        </p>
      ) : (
        <ul className="mt-6 divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {items.map((item) => {
            const title = item.title ?? "New chat";
            return (
              <li key={item.id} className="flex items-center gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  {view === "archived" ? (
                    <Link href={`/chat/${item.id}`} className="block truncate font-medium hover:underline">
                      {title}
                    </Link>
                  ) : (
                    <p className="truncate font-medium">{title}</p>
                  )}
                  <LocalTime iso={item.updatedAt} />
                </div>
                {view === "trash" ? (
                  <>
                    <Button
                      variant="secondary"
                      className={SHELF_BUTTON}
                      disabled={pending}
                      aria-label={`Restore ${title}`}
                      onClick={() => void run(item, () => actions.restore({ id: item.id }))}
                    >
                      Restore
                    </Button>
                    <Button
                      variant="secondary"
                      className={`${SHELF_BUTTON} text-red-600 dark:text-red-400`}
                      disabled={pending}
                      aria-label={`Delete ${title} forever`}
                      onClick={() => void run(item, () => actions.deleteForever({ id: item.id }))}
                    >
                      Delete forever
                    </Button>
                  </>
                ) : (
                  <Button
                    variant="secondary"
                    className={SHELF_BUTTON}
                    disabled={pending}
                    aria-label={`Unarchive ${title}`}
                    onClick={() => void run(item, () => actions.setArchived({ id: item.id, archived: false }))}
                  >
                    Unarchive
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {cursor ? (
        <div className="mt-4 text-center">
          <Button variant="secondary" className={SHELF_BUTTON} onClick={() => void more()}>
            Load more
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** The reader's local date and time; the server cannot know the time zone, so it is filled in after hydration. */
function LocalTime({ iso }: { iso: string }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    setText(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)));
  }, [iso]);
  return (
    <time dateTime={iso} className="block h-4 text-xs text-zinc-500 dark:text-zinc-400">
      {text}
    </time>
  );
}
