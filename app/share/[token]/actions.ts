"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { copySharedConversation } from "@/lib/db/shared-links";
import { parseWith } from "@/lib/http";

const Token = z.string().min(1).max(100);

/** Copies the shared snapshot into the signed-in visitor's history and opens the copy. */
export async function continueSharedConversation(token: string): Promise<void> {
  const user = await requireUser();
  const conversationId = await copySharedConversation({ token: parseWith(Token, token), userId: user.id });
  redirect(`/chat/${conversationId}`);
}
