import { createUIMessageStreamResponse } from "ai";
import { z } from "zod";
import { requireRequestUser } from "@/lib/auth/current-user";
import { closeResponseWhenRevoked, sessionStillValid } from "@/lib/auth/stream-guard";
import { resumeReply } from "@/lib/chat/control";
import { AppError } from "@/lib/errors";
import { handle, STREAM_HEADERS } from "@/lib/http";

/** Resumes the conversation's in-progress reply (a full replay, then live); 204 when nothing is streaming. */
export const GET = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireRequestUser(request);
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) throw new AppError("not_found:conversation");
  const reply = await resumeReply({ conversationId: id.data, userId: user.id });
  if (!reply) return new Response(null, { status: 204 });
  return closeResponseWhenRevoked(
    createUIMessageStreamResponse({
      stream: reply.stream,
      headers: { ...STREAM_HEADERS, "x-message-id": reply.messageId },
    }),
    () => sessionStillValid(request, user.id),
    { path: "/api/chat/[id]/stream", userId: user.id },
  );
});
