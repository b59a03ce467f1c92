import { createProject, listProjects } from "@/lib/api/handlers/projects";

export const POST = createProject;
export const GET = listProjects;
