"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { submitAction } from "@/lib/action";
import { deleteSharedLink } from "@/lib/db/shared-links";
import { isAppError } from "@/lib/errors";

export const deleteSharedLinkAction = submitAction(
  { name: "sharedLinks.delete", input: z.object({ shareId: z.uuid().optional().catch(undefined) }) },
  async ({ shareId }, user) => {
    if (shareId) {
      try {
        await deleteSharedLink({ id: shareId, userId: user.id });
      } catch (error) {
        if (!(isAppError(error) && error.kind === "not_found")) throw error;
      }
    }
    revalidatePath("/settings/shared-links");
  },
);

/** Deletes one of the signed-in person's links (someone else's id does nothing). */
