import { requireRequestUser } from "@/lib/auth/current-user";
import { listAllowedModels } from "@/lib/auth/permissions";
import { handle, json } from "@/lib/http";

/** The configured models the person's role allows, default first: `{ models: { id, label, offline }[] }`. */
export const GET = handle(async (request: Request) => {
  const user = await requireRequestUser(request);
  return json({ models: await listAllowedModels(user.id) });
});
