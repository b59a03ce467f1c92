import { uploadFile } from "@/lib/api/handlers/files";

export const POST = uploadFile;
