import { listModels } from "@/lib/ai/providers";
import { requireUser } from "@/lib/auth/current-user";
import { handle, json } from "@/lib/http";

/** The configured models, default first: `{ models: { id, label, offline }[] }`. */
export const GET = handle(async () => {
  await requireUser();
  return json({ models: listModels() });
});
