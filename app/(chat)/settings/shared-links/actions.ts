"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { deleteSharedLink } from "@/lib/db/shared-links";
import { isAppError } from "@/lib/errors";

const Id = z.uuid();

/** Deletes one of the signed-in person's links (someone else's id does nothing). */
export async function deleteSharedLinkAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const id = Id.safeParse(formData.get("shareId"));
  if (id.success) {
    try {
      await deleteSharedLink({ id: id.data, userId: user.id });
    } catch (error) {
      if (!(isAppError(error) && error.kind === "not_found")) throw error;
    }
  }
  revalidatePath("/settings/shared-links");
}
