import "server-only";
import { getUserById } from "../../db/users";
import { AppError } from "../../errors";
import { endpoint } from "../endpoint";
import { buildOpenApiDocument } from "../openapi";
import { routes } from "../routes";

export const getMe = endpoint(routes.getMe, async ({ principal }) => {
  const user = await getUserById(principal.userId);
  if (!user) throw new AppError("not_found:user");
  return {
    body: {
      object: "user" as const,
      id: user.id,
      email: user.email,
      username: user.username,
      full_name: user.fullName,
      bio: user.bio,
      email_verified: user.emailVerifiedAt !== null,
      created_at: user.createdAt.toISOString(),
      auth: { via: principal.via, scopes: [...principal.scopes].sort() },
    },
  };
});

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const getOpenApi = endpoint(routes.openapi, async () => {
  document ??= buildOpenApiDocument();
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
});
