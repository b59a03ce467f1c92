"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { formAction } from "@/lib/action";
import { recordAudit } from "@/lib/audit";
import { clientIp } from "@/lib/auth/request-info";
import { setTwoFactorRequirement, TwoFactorRequirementSchema } from "@/lib/auth/two-factor-policy";

export const saveTwoFactorRequirement = formAction(
  {
    name: "admin.two_factor_requirement",
    input: z.object({ requirement: TwoFactorRequirementSchema }),
    access: "superuser",
  },
  async ({ requirement }, admin) => {
    await setTwoFactorRequirement(requirement);
    await recordAudit({
      action: "admin.two_factor_requirement_changed",
      actorId: admin.id,
      ip: clientIp(await headers()),
      details: { requirement },
    });
    revalidatePath("/admin");
    return null;
  },
);
