import { z } from "zod";
import { MAX_PROJECT_INSTRUCTIONS_CHARS, MAX_PROJECT_NAME_CHARS } from "../db/project-limits";

const name = z
  .string()
  .trim()
  .min(1)
  .max(MAX_PROJECT_NAME_CHARS)
  .meta({ examples: ["Employee handbook"] });
const instructions = z
  .string()
  .max(MAX_PROJECT_INSTRUCTIONS_CHARS)
  .nullable()
  .meta({
    description: "Added to the system prompt of every chat in the project.",
    examples: ["Answer from the handbook and cite the section."],
  });

export const CreateProjectBody = z.strictObject({ name, instructions: instructions.optional() });

export const PatchProjectBody = z
  .strictObject({ name: name.optional(), instructions: instructions.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: "Send at least one field to change." });

export const DeleteProjectQuery = z.object({
  conversations: z.enum(["keep", "trash"]).default("keep").meta({
    description: "What happens to the project's chats: `keep` moves them out of it, `trash` moves them to the trash.",
  }),
});

export const AddProjectFileBody = z.strictObject({
  file_id: z.string().min(1).max(200).meta({ description: "The id of a file uploaded with `POST /files`." }),
});

export const ProjectFileParams = z.object({
  id: z.string().min(1).max(200).meta({ description: "The project's id." }),
  file_id: z.string().min(1).max(200).meta({ description: "The file's id." }),
});

export const ProjectFileObject = z
  .object({
    object: z.literal("project_file"),
    file_id: z.string(),
    name: z.string().meta({ examples: ["handbook.pdf"] }),
    media_type: z.string().meta({ examples: ["application/pdf"] }),
    size: z.number().int(),
    status: z.enum(["queued", "indexing", "ready", "failed"]).meta({
      description: "Indexing runs in the background after the file is added: poll `GET /projects/{id}` for progress.",
    }),
    error: z
      .string()
      .nullable()
      .meta({ description: "Why indexing failed.", examples: [null] }),
    indexed_chars: z.number().int().meta({ description: "Characters of the text indexed so far." }),
    passages: z.number().int().meta({ description: "Passages the file was split into (when ready)." }),
    passage_bytes: z.number().int().meta({ description: "Bytes the passages take (counted against your quota)." }),
    added_at: z.iso.datetime(),
  })
  .meta({ id: "ProjectFile" });

export const ProjectObject = z
  .object({
    object: z.literal("project"),
    id: z.string().meta({ examples: ["5b0c7d6e-2f7b-4d1a-8e3c-5b6a7d8e9f01"] }),
    name: z.string(),
    instructions: z.string().nullable(),
    files: z.array(ProjectFileObject),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Project" });

export const ProjectList = z
  .object({ object: z.literal("list"), data: z.array(ProjectObject.omit({ files: true })) })
  .meta({ id: "ProjectList" });

export type ProjectOut = z.infer<typeof ProjectObject>;
export type ProjectFileOut = z.infer<typeof ProjectFileObject>;
