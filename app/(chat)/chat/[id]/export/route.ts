import { z } from "zod";
import { requireRequestUser } from "@/lib/auth/current-user";
import { requireConversation } from "@/lib/db/conversations";
import { listMessages, type Message } from "@/lib/db/messages";
import { exportFileName, toJson, toMarkdown } from "@/lib/export/conversation-export";
import { handle, parseWith } from "@/lib/http";

const Params = z.object({ id: z.uuid() });
const Query = z.object({ format: z.enum(["md", "json"]).default("md") });

/** Downloads the caller's conversation as Markdown (the current thread) or JSON (every branch). */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireRequestUser(request);
  const { id } = parseWith(Params, await context.params);
  const { format } = parseWith(Query, Object.fromEntries(new URL(request.url).searchParams));
  const conversation = await requireConversation({ id, userId: user.id });

  const messages: Message[] = [];
  let cursor: string | null = null;
  do {
    const page = await listMessages({ conversationId: id, userId: user.id, cursor, limit: 100, order: "asc" });
    messages.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);

  const exported = {
    conversation: {
      id: conversation.id,
      title: conversation.title,
      modelId: conversation.modelId,
      systemPrompt: conversation.systemPrompt,
      currentLeafId: conversation.currentLeafId,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
    },
    messages,
  };
  const body = format === "json" ? toJson(exported) : toMarkdown(exported);
  const name = exportFileName(conversation, format);
  return new Response(body, {
    headers: {
      "content-type": format === "json" ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
});
