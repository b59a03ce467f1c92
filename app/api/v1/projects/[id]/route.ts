import { deleteProject, getProject, patchProject } from "@/lib/api/handlers/projects";

export const GET = getProject;
export const PATCH = patchProject;
export const DELETE = deleteProject;
