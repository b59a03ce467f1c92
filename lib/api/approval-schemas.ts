import { z } from "zod";

/** POST /messages/{id}/approval: the person's answer to a tool call that waits ("Ask before running"). */
export const ApprovalBody = z.strictObject({
  approval_id: z
    .string()
    .min(1)
    .max(200)
    .meta({ description: "The waiting tool part's `approval.id` (a part whose `state` is `approval-requested`)." }),
  approved: z.boolean().meta({ description: "true runs the tool; false tells the model it was denied." }),
  reason: z.string().max(500).optional().meta({ description: "Given to the model with a denial." }),
  wait: z.boolean().default(true).meta({
    description:
      "true (default): answer once the continued reply is stored. false: answer at once; follow the reply with GET /messages/{id} (or the app's stream).",
  }),
});
