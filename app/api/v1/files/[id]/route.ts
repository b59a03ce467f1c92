import { deleteFile, getFile } from "@/lib/api/handlers/files";

export const GET = getFile;
export const DELETE = deleteFile;
