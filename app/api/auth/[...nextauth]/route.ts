import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { onPublicOrigin } from "@/lib/auth/public-request";

export const GET = (request: NextRequest) => handlers.GET(onPublicOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(onPublicOrigin(request));
