import "server-only";
import { replyTools } from "../ai/tools";
import { getPermissions } from "../auth/permissions";
import { requireConversation } from "../db/conversations";
import { getMessage, getPath, type MessagePart, reopenReply, saveApprovalAnswer } from "../db/messages";
import { AppError } from "../errors";
import { hit } from "../rate-limit";
import { CONTEXT_MESSAGES } from "./history";
import { failIfAbandoned } from "./liveness";
import { openReply } from "./locator";
import { toolNameOf } from "./parts";
import { Reply } from "./reply";
import { estimateReplyTokens, pickModel, releaseUnused, reserveDailyTokens, tooFast } from "./send-limits";
import { messageRateRule } from "./settings";
import type { ReplyHandle } from "./types";

/**
 * "Ask before running": a reply pauses (is stored complete) with a tool part in the `approval-requested` state.
 * The person's Allow or Deny is written into that part, and once no call of the reply waits any more the reply
 * continues in the same message: the AI SDK runs an allowed call (nothing ran before), tells the model of a
 * denied one, and the model goes on. Nothing here trusts the client's copy of the parts: only the stored row.
 */

export interface ApprovalAnswer {
  userId: string;
  messageId: string;
  /** The approval's id from the tool part (`approval.id`). */
  approvalId: string;
  approved: boolean;
  reason?: string;
  /** When the caller names the conversation (the browser), the message must be in it. */
  conversationId?: string;
}

type Approval = { id: string; approved?: boolean; reason?: string } & Record<string, unknown>;

function approvalOf(part: MessagePart): Approval | null {
  const approval = part.approval as Approval | undefined;
  return approval && typeof approval.id === "string" ? approval : null;
}

/** The tool calls of a stored reply that wait for the person's answer. */
export function pendingApprovals(parts: MessagePart[]): { approvalId: string; toolName: string; input: unknown }[] {
  return parts.flatMap((part) => {
    const approval = approvalOf(part);
    if (!part.type.startsWith("tool-") || part.state !== "approval-requested" || !approval) return [];
    return [{ approvalId: approval.id, toolName: toolNameOf(part), input: part.input ?? null }];
  });
}

export async function answerApproval(answer: ApprovalAnswer): Promise<ReplyHandle & { continued: boolean }> {
  const { userId } = answer;
  const message = await getMessage({ id: answer.messageId, userId });
  if (message?.role !== "assistant") throw new AppError("not_found:message");
  if (answer.conversationId && message.conversationId !== answer.conversationId) {
    throw new AppError("not_found:message");
  }
  const parts = (Array.isArray(message.parts) ? message.parts : []) as MessagePart[];
  const index = parts.findIndex(
    (p) => p.type.startsWith("tool-") && p.state === "approval-requested" && approvalOf(p)?.id === answer.approvalId,
  );
  if (message.status !== "complete" || index < 0) {
    // Answered already (or never asked): a second click joins what the first started.
    if (message.status === "streaming" && !(await failIfAbandoned(message))) {
      return { ...(await openReply(message, userId)), continued: false };
    }
    throw new AppError("conflict:approval", { message: "That tool call is not waiting for an answer." });
  }
  const part = parts[index] as MessagePart;
  const toolName = toolNameOf(part);
  const permissions = await getPermissions(userId);
  // Allowing runs the tool: the person's roles must still let them use it, now (not when the model asked).
  if (answer.approved) {
    const current = await replyTools(userId, message.conversationId);
    if (!Object.hasOwn(current.tools, toolName)) {
      throw new AppError("forbidden:tool", { message: `Your role does not allow the tool "${toolName}".` });
    }
    // The name may now stand for another tool (names are given out in order): allow only the tool that asked.
    if (current.toolRefs[toolName] !== approvalOf(part)?.toolRef) {
      throw new AppError("conflict:approval", {
        message: `The tool "${toolName}" changed since it asked: send your message again.`,
      });
    }
  }
  const reason = answer.reason?.trim().slice(0, 500) || undefined;
  const answered = parts.map((p, i) =>
    i === index
      ? { ...p, state: "approval-responded", approval: { ...approvalOf(p), approved: answer.approved, reason } }
      : p,
  );
  if (pendingApprovals(answered).length > 0) {
    // Another call of the same step still waits: keep this answer, continue once all are given.
    if (!(await saveApprovalAnswer({ id: message.id, userId, parts: answered, readAt: message.updatedAt }))) {
      // Another answer was stored since this one read the row: the person answers again on what is there now.
      throw new AppError("conflict:approval", { message: "The reply changed meanwhile; answer again." });
    }
    return { ...(await openReply({ ...message, parts: answered as typeof message.parts }, userId)), continued: false };
  }
  return { ...(await continueReply(userId, message, answered, permissions)), continued: true };
}

async function continueReply(
  userId: string,
  message: NonNullable<Awaited<ReturnType<typeof getMessage>>>,
  parts: MessagePart[],
  permissions: Awaited<ReturnType<typeof getPermissions>>,
): Promise<ReplyHandle> {
  if (!message.parentId) throw new AppError("conflict:approval", { message: "This reply has nothing to continue." });
  const rule = messageRateRule(permissions.messagesPerMinute);
  const rate = await hit(rule, userId);
  if (!rate.allowed) throw tooFast(rule.limit, rate.retryAfterSeconds);
  const history = await getPath({
    conversationId: message.conversationId,
    userId,
    leafId: message.parentId,
    limit: CONTEXT_MESSAGES,
  });
  const conversation = await requireConversation({ id: message.conversationId, userId });
  const model = await pickModel(permissions, null, message.modelId);
  const reservation = await reserveDailyTokens(userId, permissions, estimateReplyTokens(history));
  if (!(await reopenReply({ id: message.id, userId, parts, readAt: message.updatedAt }))) {
    await releaseUnused(reservation);
    throw new AppError("conflict:approval", { message: "That tool call is not waiting for an answer." });
  }
  return Reply.start({
    userId,
    conversation,
    parentId: message.parentId,
    assistantId: message.id,
    history,
    model,
    title: null,
    housekeeping: [],
    tokenReservation: reservation,
    continuation: parts,
  }).handle(false);
}
