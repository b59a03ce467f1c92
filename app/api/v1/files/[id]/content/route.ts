import { getFileContent } from "@/lib/api/handlers/files";

export const GET = getFileContent;
