"use client";

export { PageError as default } from "@/components/status/page-error";
