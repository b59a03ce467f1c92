import type { BlockList } from "node:net";

export type Trust = { kind: "hops"; hops: number } | { kind: "list"; list: BlockList };
export function parseTrustProxy(raw: string | undefined): Trust | null;
export function trustsAnyProxy(trust: Trust | null): boolean;
export function requestIdFor(sent: string | string[] | null | undefined, trusted: boolean): string;
