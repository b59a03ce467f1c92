import { existsSync } from "node:fs";
import { chromiumPath } from "../playwright.config";

export default function globalSetup() {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set PLAYWRIGHT_CHROMIUM_PATH.`,
    );
  }
}
