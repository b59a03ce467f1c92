import { FeedbackSearchSchema } from "@/lib/auth/admin-schemas";
import { requireSuperuser } from "@/lib/auth/current-user";
import { eachFeedback } from "@/lib/db/feedback";
import { handle } from "@/lib/http";

/** The feedback matching the page's filters as JSON Lines (one vote per line), for evaluation pipelines. */
export const GET = handle(async (request: Request) => {
  await requireSuperuser();
  const { model, rating } = FeedbackSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  const rows = eachFeedback({ modelId: model, rating });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) return controller.close();
      const f = next.value;
      const line = {
        id: f.id,
        message_id: f.messageId,
        conversation_id: f.message.conversationId,
        model: f.modelId,
        rating: f.rating,
        comment: f.comment,
        reply: f.message.content,
        username: f.user.username,
        created_at: f.createdAt.toISOString(),
        updated_at: f.updatedAt.toISOString(),
      };
      controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": 'attachment; filename="parley-feedback.jsonl"',
      "cache-control": "no-store",
    },
  });
});
