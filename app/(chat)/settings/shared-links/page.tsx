import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { CopyLinkButton } from "@/components/settings/copy-link-button";
import { formatDate } from "@/components/settings/format";
import { Button } from "@/components/ui/button";
import { ACTIONS_COLUMN, DataTable } from "@/components/ui/data-table";
import { getCurrentUser } from "@/lib/auth/current-user";
import { appOrigin } from "@/lib/auth/request-info";
import { listSharedLinksOrFirstPage } from "@/lib/db/shared-links";
import { deleteSharedLinkAction } from "./actions";

export const metadata: Metadata = { title: "Shared links" };

const Search = z.object({ cursor: z.string().max(500).optional().catch(undefined) });

export default async function SharedLinksPage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const { cursor } = Search.parse(await searchParams);
  const [page, origin] = await Promise.all([
    listSharedLinksOrFirstPage({ userId: user.id, cursor, limit: 50 }),
    headers().then(appOrigin),
  ]);
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-xl font-semibold">Shared links</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Anyone with one of these links can read a copy of the conversation as it was when you shared it. Deleting a link
        makes it stop working at once; deleting the conversation deletes its links, and a message you delete disappears
        from them.
      </p>
      {page.items.length === 0 ? (
        <p className="text-sm text-zinc-500">You have not shared any conversation. Use “Share” in a chat.</p>
      ) : (
        <div>
          <DataTable
            caption="Your shared links"
            className="stack"
            spaced
            columns={["Conversation", "Created", "Views", ACTIONS_COLUMN]}
          >
            {page.items.map((link) => {
              const name = link.title ?? link.conversationTitle ?? "Untitled";
              const url = `${origin}/share/${link.token}`;
              return (
                <tr key={link.id} className="border-b border-zinc-100 align-middle dark:border-zinc-900">
                  <td className="py-2 pr-3">
                    <Link href={`/chat/${link.conversationId}`} className="font-medium hover:underline">
                      {name}
                    </Link>
                    <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                      {link.messageCount} {link.messageCount === 1 ? "message" : "messages"}
                    </span>
                  </td>
                  <td data-label="Created" className="pr-3 whitespace-nowrap">
                    {formatDate(link.createdAt)}
                  </td>
                  <td data-label="Views" className="pr-3 tabular-nums">
                    {link.views}
                  </td>
                  <td>
                    <div className="flex flex-wrap items-center justify-end gap-1 max-md:-ml-2 max-md:justify-start max-md:pt-1">
                      <a href={url} target="_blank" rel="noreferrer" className="px-2 text-sm underline">
                        Open<span className="sr-only"> the link to {name}</span>
                      </a>
                      <CopyLinkButton url={url} label={`Copy the link to ${name}`} />
                      <form action={deleteSharedLinkAction}>
                        <input type="hidden" name="shareId" value={link.id} />
                        <Button type="submit" variant="secondary" aria-label={`Delete the link to ${name}`}>
                          Delete
                        </Button>
                      </form>
                    </div>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </div>
      )}
      {page.nextCursor ? (
        <Link href={`/settings/shared-links?cursor=${page.nextCursor}`} className="text-sm underline">
          Older links
        </Link>
      ) : null}
    </section>
  );
}
