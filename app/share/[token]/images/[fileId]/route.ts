import { getSharedImage } from "@/lib/db/shared-links";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * An image a shared conversation shows, for anyone with the link (no sign-in): the link is the permission,
 * so nothing is cached and a deleted link stops serving its images at once.
 */
export const GET = handle(
  async (_request: Request, context: { params: Promise<{ token: string; fileId: string }> }) => {
    const { token, fileId } = await context.params;
    const file = await getSharedImage({ token, fileId });
    if (!file) throw new AppError("not_found:file");
    return new Response(file.data, {
      headers: {
        "content-type": file.mediaType,
        "content-length": String(file.size),
        "content-disposition": "inline",
        "x-content-type-options": "nosniff",
        // As the files API: opened on its own in a tab, the image shows, and nothing in it may run.
        "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
        "x-robots-tag": "noindex",
      },
    });
  },
);
