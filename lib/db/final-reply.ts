import "server-only";
import { db } from "./client";
import { updateAssistantMessage } from "./messages";
import { recordUsage, type UsageRecord } from "./usage";

/**
 * A reply's final state and its token usage, in one transaction: the daily limit counts every stored reply
 * exactly once, and a save retried until the database answers (lib/chat/writer.ts) retries the usage with it.
 * Usage is added only by the write that ends the row (a retry after a commit whose answer was lost adds
 * nothing), or when the row is gone (deleted mid-reply: the model did the work all the same). The token
 * reservation made for the reply is dropped in the same transaction, so no limit check sees neither.
 */
export function storeFinalReply(input: {
  message: Parameters<typeof updateAssistantMessage>[0];
  usage: UsageRecord;
  tokenReservation: number | null;
}): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const changed = await updateAssistantMessage(input.message, tx);
    const gone = !changed && !(await tx.message.findFirst({ where: { id: input.message.id }, select: { id: true } }));
    if (changed || gone) {
      await recordUsage(input.usage, tx);
      if (input.tokenReservation != null) {
        await tx.tokenReservation.deleteMany({ where: { seq: input.tokenReservation } });
      }
    }
    return changed;
  });
}
