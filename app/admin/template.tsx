import type { ReactNode } from "react";
import { redirectToTwoFactorSetupIfRequired } from "@/lib/auth/current-user";

// A template (not a layout) renders again on every navigation into this segment, so the check runs each time.
export default async function Template({ children }: { children: ReactNode }) {
  await redirectToTwoFactorSetupIfRequired();
  return children;
}
