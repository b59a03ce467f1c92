import { createUIMessageStreamResponse } from "ai";
import { requireRequestUser } from "@/lib/auth/current-user";
import { closeResponseWhenRevoked, sessionStillValid } from "@/lib/auth/stream-guard";
import { startReply } from "@/lib/chat/generate";
import { assertSameOrigin, handle, readJson, STREAM_HEADERS } from "@/lib/http";
import { ChatRequestSchema, MAX_CHAT_BODY_BYTES, textOfParts } from "./schema";

/** Sends a message (or regenerates a reply) and streams the reply as an AI SDK UI message stream. */
export const POST = handle(async (request: Request) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const body = await readJson(request, ChatRequestSchema, MAX_CHAT_BODY_BYTES);
  const reply = await startReply({
    userId: user.id,
    conversationId: body.conversationId,
    userMessage:
      body.message && !body.regenerate
        ? {
            id: body.message.id,
            text: textOfParts(body.message.parts),
            parentId: body.parentId,
            attachmentIds: body.attachments,
          }
        : undefined,
    regenerateOf: body.regenerate?.messageId,
    modelId: body.modelId,
    reasoningEffort: body.reasoningEffort,
  });
  // The reply is generated and stored either way; only this reader is cut off once the session ends.
  return closeResponseWhenRevoked(
    createUIMessageStreamResponse({
      stream: reply.stream,
      headers: {
        ...STREAM_HEADERS,
        "x-conversation-id": reply.conversationId,
        "x-message-id": reply.assistantMessageId,
      },
    }),
    () => sessionStillValid(request, user.id),
    { path: "/api/chat", userId: user.id },
  );
});
