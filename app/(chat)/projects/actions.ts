"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action, submitAction } from "@/lib/action";
import { createConversation, updateConversation } from "@/lib/db/conversations";
import { MAX_PROJECT_INSTRUCTIONS_CHARS, MAX_PROJECT_NAME_CHARS } from "@/lib/db/project-limits";
import { addProjectFile, createProject, deleteProject, removeProjectFile, updateProject } from "@/lib/db/projects";
import { wakeIndexer } from "@/lib/projects/indexer";

const Id = z.uuid();
const name = z.string().trim().min(1, "Give the project a name.").max(MAX_PROJECT_NAME_CHARS);
const instructions = z
  .string()
  .max(MAX_PROJECT_INSTRUCTIONS_CHARS)
  .transform((v) => v.trim() || null);

export const createProjectAction = submitAction(
  { name: "projects.create", input: z.object({ name, instructions }) },
  async (input, user) => {
    const project = await createProject({ userId: user.id, ...input });
    revalidatePath("/", "layout");
    redirect(`/projects/${project.id}`);
  },
);
export const updateProjectAction = submitAction(
  { name: "projects.update", input: z.object({ id: Id, name, instructions }) },
  async ({ id, ...patch }, user) => {
    await updateProject({ id, userId: user.id, patch });
    revalidatePath("/", "layout");
  },
);
export const deleteProjectAction = submitAction(
  { name: "projects.delete", input: z.object({ id: Id, conversations: z.enum(["keep", "trash"]) }) },
  async ({ id, conversations }, user) => {
    await deleteProject({ id, userId: user.id, conversations });
    revalidatePath("/", "layout");
    redirect("/");
  },
);
/** A new chat in the project: the conversation is made now, so its first message already has the project. */
export const newProjectChatAction = submitAction(
  { name: "projects.newChat", input: z.object({ projectId: Id }) },
  async ({ projectId }, user) => {
    const conversation = await createConversation({ userId: user.id, projectId });
    revalidatePath("/", "layout");
    redirect(`/chat/${conversation.id}`);
  },
);
/** Moves one of the person's chats into one of their projects, or out of it (empty `projectId`). */
export const moveChatAction = submitAction(
  {
    name: "projects.moveChat",
    input: z.object({ conversationId: Id, projectId: z.union([Id, z.literal("")]) }),
  },
  async ({ conversationId, projectId }, user) => {
    await updateConversation({ id: conversationId, userId: user.id, patch: { projectId: projectId || null } });
    revalidatePath("/", "layout");
  },
);
export const removeProjectFileAction = submitAction(
  { name: "projects.removeFile", input: z.object({ projectId: Id, fileId: Id }) },
  async ({ projectId, fileId }, user) => {
    await removeProjectFile({ projectId, userId: user.id, attachmentId: fileId });
    revalidatePath(`/projects/${projectId}`);
  },
);
/** After the browser uploaded a file (POST /api/v1/files): add it to the project; indexing starts at once. */
const AddFileInput = z.object({ projectId: Id, fileId: Id });
export const addProjectFileAction = action(
  { name: "projects.addFile", input: AddFileInput },
  async ({ projectId, fileId }, user) => {
    const { created } = await addProjectFile({ projectId, userId: user.id, attachmentId: fileId });
    if (created) void wakeIndexer();
    return null;
  },
);
