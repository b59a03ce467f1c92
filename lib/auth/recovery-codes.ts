import "server-only";
import { randomInt } from "node:crypto";
import { keyedHash } from "./server-keys";

export const RECOVERY_CODE_COUNT = 10;
// No 0/1/i/l/o: codes are read off paper.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const HALF = 5;

/** `xxxxx-xxxxx`, about 49 bits each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const half = () => Array.from({ length: HALF }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return Array.from({ length: count }, () => `${half()}-${half()}`);
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return keyedHash("recovery-code-v1", normalizeRecoveryCode(code));
}
