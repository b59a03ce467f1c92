"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditAction, formAction, success } from "@/lib/action";
import { setTwoFactorRequirement, TwoFactorRequirementSchema } from "@/lib/auth/two-factor-policy";

export const saveTwoFactorRequirementAction = formAction(
  {
    access: "superuser",
    name: "admin.two_factor_requirement",
    input: z.object({ requirement: TwoFactorRequirementSchema }),
  },
  async ({ requirement }, admin) => {
    await setTwoFactorRequirement(requirement);
    // A site-wide setting: the event has an actor and no subject.
    await auditAction(admin, "admin.two_factor_requirement_changed", { details: { requirement } });
    revalidatePath("/admin");
    return success(null, { notice: "Saved." });
  },
);
