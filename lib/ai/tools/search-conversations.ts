import "server-only";
import { tool, zodSchema } from "ai";
import { z } from "zod";
import { listConversations } from "../../db/conversations";

export const searchConversationsInput = z.object({
  query: z.string().trim().min(1).max(200).describe("Words to look for in conversation titles and messages"),
});

// Converted to JSON Schema once per process (zodSchema caches it): every model call sends the tools' schemas,
// and converting three zod schemas on each call cost 1.5–3.5 ms before the model request went out.
const inputSchema = zodSchema(searchConversationsInput);

/** The search tool bound to one user: it can only ever see that user's conversations. */
export function searchConversationsTool(userId: string) {
  return tool({
    description: "Search the person's own past conversations by title and message text.",
    inputSchema,
    execute: async ({ query }) => {
      const { items } = await listConversations({ userId, q: query, limit: 5 });
      return {
        query,
        results: items.map((c) => ({
          id: c.id,
          title: c.title ?? "Untitled",
          updatedAt: c.updatedAt.toISOString(),
          url: `/chat/${c.id}`,
        })),
      };
    },
  });
}
