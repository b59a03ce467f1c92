import { AppError } from "../errors";
import { errorResponse } from "../http";

export async function unknownEndpoint(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  return errorResponse(
    new AppError("not_found:endpoint", {
      message: `There is no endpoint ${request.method} ${pathname}. The reference is at /docs/api.`,
    }),
  );
}
