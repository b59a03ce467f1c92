"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { submitAction } from "@/lib/action";
import { copySharedConversation } from "@/lib/db/shared-links";

export const continueSharedConversationAction = submitAction(
  { name: "share.continue", input: z.object({ token: z.string().min(1).max(100) }) },
  async ({ token }, user) => {
    const conversationId = await copySharedConversation({ token, userId: user.id });
    redirect(`/chat/${conversationId}`);
  },
);

/** Copies the shared snapshot into the signed-in visitor's history and opens the copy. */
