export function decodePath(path: string): string | null;
