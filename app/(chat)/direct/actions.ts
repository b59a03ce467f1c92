"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type ActionState, formAction } from "@/lib/action";
import { DIRECT_MESSAGE_MAX_LENGTH, sendDirectMessage } from "@/lib/db/direct-messages";
import { enforce } from "@/lib/rate-limit";

const SendSchema = z.object({
  to: z.string().trim().min(1, "Who is it for? Enter a username.").max(64),
  content: z
    .string()
    .max(DIRECT_MESSAGE_MAX_LENGTH + 1000)
    .default(""),
});

const SEND_LIMIT = { name: "direct-message:user", limit: 30, windowSeconds: 60 };

const send = formAction(
  { name: "direct.send", input: SendSchema, keep: ["content"] },
  async ({ to, content }, user) => {
    await enforce(SEND_LIMIT, user.id, "You are sending messages too fast. Wait a minute.");
    await sendDirectMessage({ senderId: user.id, recipientUsername: to, content });
    revalidatePath("/direct");
    redirect(`/direct/${encodeURIComponent(to)}`);
  },
);

export async function sendDirectMessageAction(
  previous: ActionState<never> | null,
  formData: FormData,
): Promise<ActionState<never>> {
  return send(previous, formData);
}
