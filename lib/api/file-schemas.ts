import { z } from "zod";

export const FileObject = z
  .object({
    object: z.literal("file"),
    id: z.string(),
    name: z.string().meta({ examples: ["report.pdf"] }),
    media_type: z
      .string()
      .meta({ description: "Detected from the content, not the name.", examples: ["application/pdf"] }),
    size: z.number().int().meta({ description: "Bytes." }),
    width: z.number().int().nullable().meta({ description: "Images: pixels." }),
    height: z.number().int().nullable(),
    page_count: z.number().int().nullable().meta({ description: "PDFs." }),
    text_chars: z
      .number()
      .int()
      .nullable()
      .meta({ description: "PDFs and text files: characters of text found (0: a PDF without a text layer)." }),
    text_truncated: z
      .boolean()
      .meta({ description: "The text is longer than the model is given; only its start will be read." }),
    text_note: z
      .string()
      .nullable()
      .meta({
        description:
          "Set when the text could not be read completely (reading a PDF is bounded in time, memory and pages): why. The file is kept and the model reads what was read.",
        examples: [null],
      }),
    sent: z.boolean().meta({ description: "Whether a message carries it; unsent files are deleted after a day." }),
    created_at: z.iso.datetime(),
    url: z.string().meta({
      description: "Where its content is downloaded.",
      examples: ["/api/v1/files/3f2b7c1e-8a4d-4e0b-9c57-2d0c6f1a9b42/content"],
    }),
  })
  .meta({ id: "File" });

export type FileOut = z.infer<typeof FileObject>;
