import "server-only";
import {
  addProjectFile as addProjectFileRow,
  createProject as createProjectRow,
  deleteProject as deleteProjectRow,
  listProjectFiles,
  listProjects as listProjectRows,
  type Project,
  type ProjectFile,
  removeProjectFile as removeProjectFileRow,
  requireProject,
  updateProject,
} from "../../db/projects";
import { wakeIndexer } from "../../projects/indexer";
import { endpoint } from "../endpoint";
import type { ProjectFileOut, ProjectOut } from "../project-schemas";
import { routes } from "../routes";

export function serializeProjectFile(row: ProjectFile): ProjectFileOut {
  return {
    object: "project_file",
    file_id: row.attachmentId,
    name: row.attachment.name,
    media_type: row.attachment.mediaType,
    size: row.attachment.size,
    status: row.status as ProjectFileOut["status"],
    error: row.error,
    indexed_chars: row.indexedChars,
    passages: row.passageCount,
    passage_bytes: row.passageBytes,
    added_at: row.createdAt.toISOString(),
  };
}

function serializeProjectOnly(row: Project): Omit<ProjectOut, "files"> {
  return {
    object: "project",
    id: row.id,
    name: row.name,
    instructions: row.instructions,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

async function withFiles(row: Project, userId: string): Promise<ProjectOut> {
  const files = await listProjectFiles({ projectId: row.id, userId });
  return { ...serializeProjectOnly(row), files: files.map(serializeProjectFile) };
}

export const createProject = endpoint(routes.createProject, async ({ principal, body }) => {
  const row = await createProjectRow({ userId: principal.userId, name: body.name, instructions: body.instructions });
  return { body: { ...serializeProjectOnly(row), files: [] } };
});

export const listProjects = endpoint(routes.listProjects, async ({ principal }) => {
  const rows = await listProjectRows({ userId: principal.userId });
  return { body: { object: "list" as const, data: rows.map(serializeProjectOnly) } };
});

export const getProject = endpoint(routes.getProject, async ({ principal, params }) => {
  const row = await requireProject({ id: params.id, userId: principal.userId });
  return { body: await withFiles(row, principal.userId) };
});

export const patchProject = endpoint(routes.patchProject, async ({ principal, params, body }) => {
  const row = await updateProject({ id: params.id, userId: principal.userId, patch: body });
  return { body: await withFiles(row, principal.userId) };
});

export const deleteProject = endpoint(routes.deleteProject, async ({ principal, params, query }) => {
  await deleteProjectRow({ id: params.id, userId: principal.userId, conversations: query.conversations });
  return { body: undefined };
});

export const addProjectFile = endpoint(routes.addProjectFile, async ({ principal, params, body }) => {
  const { file, created } = await addProjectFileRow({
    projectId: params.id,
    userId: principal.userId,
    attachmentId: body.file_id,
  });
  // Indexed in the background (this or another instance): the request does not wait for it.
  if (created) void wakeIndexer();
  return { body: serializeProjectFile(file) };
});

export const removeProjectFile = endpoint(routes.removeProjectFile, async ({ principal, params }) => {
  await removeProjectFileRow({ projectId: params.id, userId: principal.userId, attachmentId: params.file_id });
  return { body: undefined };
});
