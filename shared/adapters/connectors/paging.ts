import { PlatformCallError } from './platform-http';

export interface PageAnswer<Item> {
  readonly items: readonly Item[];
  /** The number of pages, when the platform says it (mobile.de Search-API style `maxPages`). */
  readonly maxPages?: number;
}

/** Far beyond any dealer's stock at 100 a page; reaching it means the platform loops. */
const PAGE_LIMIT = 500;

/**
 * Every item of a 1-based paged list. Stops after a page that is empty, short, longer than asked
 * (the platform ignored paging and answered everything), brings no new ids (it ignored the page
 * number) or is the last the platform announced. A list that never ends fails instead of being
 * cut short: a silently truncated list would make the match create listings that already exist.
 */
export async function collectPages<Item>(
  platform: string,
  fetchPage: (page: number) => Promise<PageAnswer<Item>>,
  options: { readonly pageSize: number; readonly idOf: (item: Item) => string },
): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  for (let page = 1; page <= PAGE_LIMIT; page++) {
    const answer = await fetchPage(page);
    const fresh = answer.items.filter((item) => !seen.has(options.idOf(item)));
    for (const item of fresh) {
      seen.add(options.idOf(item));
      items.push(item);
    }
    const last =
      fresh.length === 0 ||
      answer.items.length !== options.pageSize ||
      (answer.maxPages !== undefined && page >= answer.maxPages);
    if (last) return items;
  }
  throw new PlatformCallError(`${platform} kept answering pages of listings beyond ${PAGE_LIMIT}.`);
}
