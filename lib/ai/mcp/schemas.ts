import { z } from "zod";

/** What the admin's tool-server forms may send (app/admin/tools/actions.ts). */

const Name = z
  .string()
  .trim()
  .min(1, { message: "Give the server a name." })
  .max(60, { message: "At most 60 characters." });

const Token = z
  .string()
  .trim()
  .max(4000, { message: "At most 4,000 characters." })
  .refine((v) => !/[\s\p{Cc}]/u.test(v), { message: "A token has no spaces." })
  .transform((v) => v || null);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * The "URL": an http(s) address (Streamable HTTP, or SSE for older servers), or, when the instance allows local
 * servers, a command line to run over stdio.
 */
export function serverAddress(stdioAllowed: boolean) {
  return z
    .string()
    .trim()
    .min(1, { message: "Give the server's address, e.g. https://mcp.example.com/mcp." })
    .max(1000, { message: "At most 1,000 characters." })
    .transform((url, ctx) => {
      if (isHttpUrl(url)) return { transport: "http" as const, url };
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || !stdioAllowed) {
        ctx.addIssue({
          code: "custom",
          message: stdioAllowed
            ? "An http:// or https:// address without a user name, or a command line."
            : "An http:// or https:// address without a user name, e.g. https://mcp.example.com/mcp.",
        });
        return z.NEVER;
      }
      return { transport: "stdio" as const, url };
    });
}

export function serverFormSchema(stdioAllowed: boolean) {
  return z.object({ name: Name, url: serverAddress(stdioAllowed), token: Token });
}

export function serverEditSchema(stdioAllowed: boolean) {
  return z.object({
    url: serverAddress(stdioAllowed),
    token: Token,
    removeToken: z.boolean(),
    enabled: z.boolean(),
    askBeforeRunning: z.boolean(),
    allRoles: z.boolean(),
    roleIds: z.array(z.string().uuid()).max(200),
  });
}
