// JavaScript a browser downloads per page route (gzip), read from a production build's manifests.
export function jsBytesPerRoute(_distDir: string): void {}
