import "server-only";
import { tool, zodSchema } from "ai";
import { z } from "zod";
import { searchPassages } from "../../db/passages";
import { type Source, sourceLabel } from "../../projects/sources";

export const searchProjectInput = z.object({
  query: z.string().trim().min(1).max(500).describe("Words to look for in the project's files"),
});

const inputSchema = zodSchema(searchProjectInput);

/** Full-text search over one project's files, bound to its owner: it can only ever see that person's passages. */
export function searchProjectTool(userId: string, projectId: string) {
  return tool({
    description: "Search the files of this chat's project; returns the best-matching passages with where they are.",
    inputSchema,
    execute: async ({ query }) => {
      const hits = await searchPassages({ userId, projectId, query, limit: 5 });
      return {
        query,
        results: hits.map((hit) => {
          const source: Source = {
            projectId,
            fileId: hit.attachmentId,
            name: hit.name,
            page: hit.page,
            offset: hit.offset,
            passageId: hit.id,
          };
          return { where: sourceLabel(hit), text: hit.text, source };
        }),
      };
    },
  });
}
