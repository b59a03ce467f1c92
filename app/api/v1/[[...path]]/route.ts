import { unknownEndpoint } from "@/lib/api/unknown-endpoint";

// Paths under /api/v1 that no route serves answer the API's JSON error shape, not the HTML 404 page.
export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
