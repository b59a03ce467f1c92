export function pageContentSecurityPolicy(nonce: string, dev?: boolean): string;
export function securityHeaders(): { key: string; value: string }[];
export function headerRules(): { source: string; headers: { key: string; value: string }[] }[];
