import { z } from "zod";
import { requireRequestUser } from "@/lib/auth/current-user";
import { stopReply } from "@/lib/chat/control";
import { keepVisibleText } from "@/lib/chat/visible-reply";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, handle, json, readJson } from "@/lib/http";
import { StopRequestSchema } from "../../schema";

/** Stops the in-progress reply on whichever instance runs it; the partial reply is kept as `aborted`. */
export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) throw new AppError("not_found:conversation");
  const body = await readJson(request, StopRequestSchema, 4096);
  const stopped = await stopReply({ conversationId: id.data, userId: user.id, messageId: body.messageId });
  if (stopped && typeof body.visibleChars === "number") {
    await keepVisibleText({ messageId: stopped.messageId, userId: user.id, visibleChars: body.visibleChars });
  }
  return json({ stopped: stopped !== null, messageId: stopped?.messageId ?? null, status: stopped?.status ?? null });
});
