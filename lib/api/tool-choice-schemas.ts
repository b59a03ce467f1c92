import { z } from "zod";

/** GET/PUT /conversations/{id}/tools: which MCP servers and tools a conversation may use. */

const ToolChoice = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  on: z.boolean(),
});

export const ConversationTools = z
  .object({
    object: z.literal("conversation_tools"),
    servers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        on: z.boolean(),
        tools: z.array(ToolChoice),
      }),
    ),
  })
  .meta({ id: "ConversationTools" });

export const ConversationToolsBody = z.strictObject({
  off: z
    .array(z.string().min(1).max(100))
    .max(500)
    .meta({ description: "Ids of the servers and tools turned off for this conversation; [] turns everything on." }),
});
