import { addProjectFile } from "@/lib/api/handlers/projects";

export const POST = addProjectFile;
