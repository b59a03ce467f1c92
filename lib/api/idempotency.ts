import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { getMessage } from "../db/messages";
import { AppError } from "../errors";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
const MAX_KEY_LENGTH = 255;

/**
 * The id of the message a POST creates: the body's `id`, else one derived from the caller's Idempotency-Key
 * (so a retried request finds the message it stored the first time), else a fresh one. A key reused for a
 * different text is refused rather than silently answered with the first message.
 */
export async function messageIdFor({
  request,
  userId,
  id,
  content,
}: {
  request: Request;
  userId: string;
  id: string | undefined;
  content: string;
}): Promise<string> {
  if (id) return id;
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return randomUUID();
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    const message = `1 to ${MAX_KEY_LENGTH} characters.`;
    throw new AppError("validation:idempotency_key", {
      message: `${IDEMPOTENCY_HEADER}: ${message}`,
      fields: [{ field: IDEMPOTENCY_HEADER, message }],
    });
  }
  const derived = uuidFrom(`${userId}\n${key}`);
  const earlier = await getMessage({ id: derived, userId });
  if (earlier && earlier.content !== content) {
    throw new AppError("conflict:idempotency_key", {
      message: `This ${IDEMPOTENCY_HEADER} was already used for a different message.`,
    });
  }
  return derived;
}

/** A stable UUID (version 8, RFC 9562) from a string, per user so keys never collide across accounts. */
function uuidFrom(text: string): string {
  const bytes = createHash("sha256").update(text).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
