/** `stockStreamFailures` / `dispatch-feeds` → `StockStreamFailures` / `DispatchFeeds`: stable construct ids. */
export function constructId(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
