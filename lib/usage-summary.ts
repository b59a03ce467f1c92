/** Usage rows (per day, model and maybe person) summed the ways the usage pages show them. */
export interface UsageRow {
  day: string;
  modelId: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
  user?: { id: string; username: string } | null;
}

export interface UsageTotals {
  messages: number;
  inputTokens: number;
  outputTokens: number;
}

export interface UsageGroup extends UsageTotals {
  key: string;
  label: string;
}

function empty(): UsageTotals {
  return { messages: 0, inputTokens: 0, outputTokens: 0 };
}

function add(into: UsageTotals, row: UsageTotals) {
  into.messages += row.messages;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
}

/** Every day of the period (oldest first, days without use as zeros), so the chart has no gaps. */
export function usageByDay(rows: UsageRow[], days: number, now = new Date()): (UsageTotals & { day: string })[] {
  const byDay = new Map<string, UsageTotals>();
  for (let i = days - 1; i >= 0; i--) {
    byDay.set(new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10), empty());
  }
  for (const row of rows) {
    const totals = byDay.get(row.day);
    if (totals) add(totals, row);
  }
  return [...byDay].map(([day, totals]) => ({ day, ...totals }));
}

function groupBy(rows: UsageRow[], keyOf: (row: UsageRow) => { key: string; label: string }): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const row of rows) {
    const { key, label } = keyOf(row);
    const group = groups.get(key) ?? { key, label, ...empty() };
    add(group, row);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || a.label.localeCompare(b.label),
  );
}

export function usageByModel(rows: UsageRow[], labelOf: (id: string) => string = (id) => id): UsageGroup[] {
  return groupBy(rows, (row) => ({ key: row.modelId, label: labelOf(row.modelId) }));
}

export function usageByUser(rows: UsageRow[]): UsageGroup[] {
  return groupBy(rows, (row) => ({ key: row.user?.id ?? "", label: row.user?.username ?? "deleted user" }));
}

export function usageTotal(rows: UsageTotals[]): UsageTotals {
  const total = empty();
  for (const row of rows) add(total, row);
  return total;
}
