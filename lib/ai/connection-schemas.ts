import { z } from "zod";
import { CONNECTION_KINDS } from "../db/connection-kinds";

/** The text without any run of these characters at its end (a loop, not a regex: linear on any input). */
function withoutTrailing(chars: string) {
  return (value: string) => {
    let end = value.length;
    while (end > 0 && chars.includes(value[end - 1] as string)) end--;
    return value.slice(0, end);
  };
}

/** What the admin's model forms may send (app/admin/models/actions.ts). */

const BaseUrl = z
  .string()
  .trim()
  .max(500, { message: "At most 500 characters." })
  .transform(withoutTrailing("/"))
  .refine(
    (v) => {
      if (!v) return true;
      try {
        const url = new URL(v);
        return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { message: "An http:// or https:// address without a user name, e.g. http://127.0.0.1:11434/v1." },
  )
  .transform((v) => v || null);

export const ConnectionFormSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { message: "Give the connection a name." })
    .max(60, { message: "At most 60 characters." })
    .refine((v) => !v.includes("/"), { message: "A name cannot contain “/”." }),
  kind: z.enum(CONNECTION_KINDS, { message: "Choose what kind of server it is." }),
  baseUrl: BaseUrl,
  apiKey: z
    .string()
    .trim()
    .max(2000, { message: "At most 2,000 characters." })
    .transform((v) => v || null),
});

export const ConnectionEditSchema = ConnectionFormSchema.omit({ kind: true }).extend({
  removeKey: z.boolean(),
  enabled: z.boolean(),
});

export const RemoteModelId = z
  .string()
  .trim()
  .min(1, { message: "Type the model's id as the server knows it." })
  .max(200, { message: "At most 200 characters." })
  .refine((v) => !/[\s\p{Cc}]/u.test(v), { message: "A model id has no spaces." });

export const ModelEditSchema = z.object({
  label: z
    .string()
    .trim()
    .min(1, { message: "A label cannot be empty." })
    .max(100, { message: "At most 100 characters." }),
  enabled: z.boolean(),
  vision: z.boolean(),
  tools: z.boolean(),
  reasoning: z.boolean(),
  reasoningEffort: z.boolean(),
  contextWindow: z
    .string()
    .trim()
    .refine((v) => v === "" || (/^\d{1,8}$/.test(v) && Number(v) >= 256), {
      message: "Tokens, e.g. 128000 (at least 256), or empty if unknown.",
    })
    .transform((v) => (v ? Number(v) : null)),
});
