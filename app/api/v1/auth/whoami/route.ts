import { authenticateApiRequest } from "@/lib/auth/api-principal";
import { getUserById } from "@/lib/db/users";
import { handle, json } from "@/lib/http";

/** Who a bearer token or session belongs to; the profile is included only with the profile:read scope. */
export const GET = handle(async (request) => {
  const principal = await authenticateApiRequest(request);
  const profile = principal.scopes.has("profile:read") ? await getUserById(principal.userId) : null;
  return json(
    {
      userId: principal.userId,
      via: principal.via,
      scopes: [...principal.scopes].sort(),
      ...(profile ? { username: profile.username, email: profile.email } : {}),
    },
    { headers: { "cache-control": "no-store" } },
  );
});
