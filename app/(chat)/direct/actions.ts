"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { DIRECT_MESSAGE_MAX_LENGTH, sendDirectMessage } from "@/lib/db/direct-messages";
import { isAppError } from "@/lib/errors";
import { enforce } from "@/lib/rate-limit";

export interface DirectMessageFormState {
  error?: string;
  content?: string;
}

const SendSchema = z.object({
  to: z.string().trim().min(1, "Who is it for? Enter a username.").max(64),
  content: z.string().max(DIRECT_MESSAGE_MAX_LENGTH + 1000),
});

const SEND_LIMIT = { name: "direct-message:user", limit: 30, windowSeconds: 60 };

export async function sendDirectMessageAction(
  _prev: DirectMessageFormState,
  formData: FormData,
): Promise<DirectMessageFormState> {
  const user = await requireUser();
  const parsed = SendSchema.safeParse({ to: formData.get("to"), content: formData.get("content") ?? "" });
  const content = String(formData.get("content") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0]?.message, content };
  try {
    await enforce(SEND_LIMIT, user.id, "You are sending messages too fast. Wait a minute.");
    await sendDirectMessage({ senderId: user.id, recipientUsername: parsed.data.to, content: parsed.data.content });
  } catch (error) {
    if (isAppError(error) && error.kind !== "internal") return { error: error.message, content };
    throw error;
  }
  revalidatePath("/direct");
  redirect(`/direct/${encodeURIComponent(parsed.data.to)}`);
}
