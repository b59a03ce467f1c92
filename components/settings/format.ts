/** Dates as "23 Nov 2026, 14:05 UTC": rendered on the server, so one fixed zone. */
export function formatDate(date: Date | null | undefined): string {
  if (!date) return "Never";
  return `${date.toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC`;
}
