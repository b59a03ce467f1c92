import { removeProjectFile } from "@/lib/api/handlers/projects";

export const DELETE = removeProjectFile;
