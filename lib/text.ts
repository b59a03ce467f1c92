// Text that Parley refuses to store, whatever the entry point: NUL (PostgreSQL cannot store it in text, and it
// truncates strings in C tools), unpaired UTF-16 surrogates (not Unicode; would be stored as U+FFFD), and for
// names, text with nothing visible in it. No imports: client components use it too.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Characters that draw nothing: whitespace, controls, format characters (zero-width space, joiners, BOM,
// direction marks), combining marks on their own, and the blank "filler" letters.
const INVISIBLE = /^[\s\p{Cc}\p{Cf}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800\u180E]*$/u;

/** Why `text` cannot be stored, or null when it can. */
export function unsafeTextProblem(text: string): string | null {
  if (text.includes("\u0000")) return "Must not contain NUL characters.";
  if (LONE_SURROGATE.test(text)) return "Must be valid Unicode (it contains an unpaired surrogate).";
  return null;
}

export function hasVisibleText(text: string): boolean {
  return !INVISIBLE.test(text);
}

/** The first string (or object key) anywhere in a JSON value that cannot be stored, with its path. */
export function findUnsafeText(value: unknown, path = ""): { field: string; message: string } | null {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [current, where] = stack.pop()!;
    if (typeof current === "string") {
      const problem = unsafeTextProblem(current);
      if (problem) return { field: where || "body", message: problem };
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => void stack.push([item, where ? `${where}.${i}` : String(i)]));
    } else if (current && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        const field = where ? `${where}.${key}` : key;
        const problem = unsafeTextProblem(key);
        if (problem) return { field, message: problem };
        stack.push([item, field]);
      }
    }
  }
  return null;
}
