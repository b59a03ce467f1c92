import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignupForm } from "@/components/auth/signup-form";
import { getCurrentUserIfReachable } from "@/lib/auth/current-user";
import { signup } from "../actions";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage() {
  if (await getCurrentUserIfReachable()) redirect("/");
  return <SignupForm action={signup} />;
}
