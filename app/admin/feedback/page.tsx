import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { formatDate } from "@/components/settings/format";
import { DataTable } from "@/components/ui/data-table";
import { listModels } from "@/lib/ai/providers";
import { FeedbackSearchSchema } from "@/lib/auth/admin-schemas";
import { getCurrentUser } from "@/lib/auth/current-user";
import { feedbackByModel, listFeedback } from "@/lib/db/feedback";

export const metadata: Metadata = { title: "Feedback · Admin" };

const inputClass = "rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function AdminFeedbackPage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin/feedback");
  if (!admin.isSuperuser) notFound();
  const { model, rating, page } = FeedbackSearchSchema.parse(await searchParams);
  const [summary, { items, total, pages }, models] = await Promise.all([
    feedbackByModel(),
    listFeedback({ filter: { modelId: model, rating }, page }),
    listModels(),
  ]);
  const labels = new Map(models.map((m) => [m.id, m.label]));
  const modelName = (id: string | null) => (id ? (labels.get(id) ?? id) : "unknown");
  const filters = { ...(model ? { model } : {}), ...(rating ? { rating } : {}) };
  const pageHref = (p: number) => `/admin/feedback?${new URLSearchParams({ ...filters, page: String(p) })}`;
  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-8 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Feedback</h1>
        <Link href="/admin" className="text-sm underline">
          Back to admin
        </Link>
      </div>
      <section className="flex flex-col gap-3" aria-labelledby="by-model-heading">
        <h2 id="by-model-heading" className="text-lg font-semibold">
          By model
        </h2>
        <DataTable caption="Votes by model" className="stack max-w-xl" columns={["Model", "Good", "Bad", "Share good"]}>
          {summary.map((s) => (
            <tr key={s.modelId ?? ""} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-2 font-medium md:font-normal">{modelName(s.modelId)}</td>
              <td data-label="Good" className="tabular-nums">
                {s.up}
              </td>
              <td data-label="Bad" className="tabular-nums">
                {s.down}
              </td>
              <td data-label="Share good" className="tabular-nums">
                {Math.round((100 * s.up) / Math.max(1, s.up + s.down))}%
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section className="flex flex-col gap-4" aria-labelledby="votes-heading">
        <h2 id="votes-heading" className="text-lg font-semibold">
          Votes ({total})
        </h2>
        <search>
          <form className="flex flex-wrap items-end gap-2" action="/admin/feedback">
            <div className="flex flex-col gap-1 text-sm">
              <label htmlFor="feedback-model">Model</label>
              <select id="feedback-model" name="model" defaultValue={model ?? ""} className={inputClass}>
                <option value="">All models</option>
                {summary.map((s) =>
                  s.modelId ? (
                    <option key={s.modelId} value={s.modelId}>
                      {modelName(s.modelId)}
                    </option>
                  ) : null,
                )}
              </select>
            </div>
            <div className="flex flex-col gap-1 text-sm">
              <label htmlFor="feedback-rating">Rating</label>
              <select id="feedback-rating" name="rating" defaultValue={rating ?? ""} className={inputClass}>
                <option value="">Any rating</option>
                <option value="up">Good</option>
                <option value="down">Bad</option>
              </select>
            </div>
            <button type="submit" className={inputClass}>
              Filter
            </button>
            <a href={`/admin/feedback/export?${new URLSearchParams(filters)}`} className="px-2 py-2 text-sm underline">
              Export as JSON Lines
            </a>
          </form>
        </search>
        <div>
          <DataTable
            caption="Feedback on replies"
            className="stack"
            spaced
            columns={["When", "User", "Model", "Rating", "Comment", "Reply"]}
          >
            {items.map((f) => (
              <tr key={f.id} className="border-b border-zinc-100 align-top dark:border-zinc-900">
                <td className="py-2 pr-3 whitespace-nowrap">{formatDate(f.updatedAt)}</td>
                <td data-label="User" className="pr-3">
                  {f.user.username}
                </td>
                <td data-label="Model" className="pr-3">
                  {modelName(f.modelId)}
                </td>
                <td data-label="Rating" className="pr-3">
                  {f.rating === "up" ? "Good" : "Bad"}
                </td>
                <td data-label="Comment" className="pr-3 break-words">
                  {f.comment ?? ""}
                </td>
                <td className="max-w-md truncate text-zinc-600 dark:text-zinc-400" title={f.message.content}>
                  {f.message.content.slice(0, 300)}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
        <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
          {page > 1 ? <Link href={pageHref(page - 1)}>Previous page</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={pageHref(page + 1)}>Next page</Link> : null}
        </nav>
      </section>
    </main>
  );
}
