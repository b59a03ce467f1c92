import "server-only";
import { getBranches } from "../db/messages";
import { log } from "../log";
import type { ReplyMetadata } from "./types";

/**
 * The `finish` chunk's metadata for a stored reply: its state, plus where the reply and the message it answers
 * sit in the tree, so the browser need not read the thread again after every reply. Without the branch (the
 * query failed), the browser reads the thread as it used to.
 */
export async function finishMetadata(
  base: ReplyMetadata,
  stored: { conversationId: string; replyId: string; parentId: string } | null,
): Promise<ReplyMetadata> {
  if (!stored) return base;
  try {
    const branches = await getBranches({
      conversationId: stored.conversationId,
      ids: [stored.replyId, stored.parentId],
    });
    const reply = branches.get(stored.replyId);
    const parent = branches.get(stored.parentId);
    if (!reply || !parent) return base;
    return {
      ...base,
      ...reply,
      parentBranch: { id: stored.parentId, siblingIds: parent.siblingIds, siblingIndex: parent.siblingIndex },
    };
  } catch (error) {
    log.warn("chat.branch_not_read", { messageId: stored.replyId, error });
    return base;
  }
}
