// What the browser's bundle gets for `@ai-sdk/gateway` (next.config.js, turbopack.resolveAlias). The chat page
// imports the AI SDK's client (useChat, the UI message stream), and the SDK's single entry file also imports the
// gateway provider, which Turbopack cannot leave out because the provider is created at module load: about
// 18 KB gzip of code the browser never runs (Parley never calls Vercel's AI Gateway, and never from a browser).
// The SDK only reaches these names in server-side paths; the server keeps the real package.

export class GatewayError extends Error {
  static isInstance(error) {
    return error instanceof GatewayError;
  }
}

export class GatewayAuthenticationError extends GatewayError {}

export function createGateway() {
  throw new Error("Vercel's AI Gateway is not available in the browser.");
}

export const gateway = new Proxy(
  {},
  {
    get() {
      return createGateway();
    },
  },
);
