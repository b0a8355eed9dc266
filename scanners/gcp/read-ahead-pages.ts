/**
 * A paged listing read ahead of its consumer: the next page is requested as soon as one arrives,
 * up to `ahead` pages read and not yet taken, and `start` runs on each page as it arrives (the GCP
 * scanner starts the page's account reads there). So a project's IAM reads go on while the reads
 * its consumer waits for first (privilege, last use: paced on the slower quota project) are still
 * under way. Pages come out in order; a failed read ends the listing with its error.
 */
export interface ReadAhead<Item> {
  /** The next page's item, its read's error, or undefined after the last page. */
  next(): Promise<{ item: Item } | { error: unknown } | undefined>;
}

export function readAheadPages<Page extends { nextPageToken?: string }, Item>(
  readPage: (pageToken: string | undefined) => Promise<Page>,
  start: (page: Page) => Item,
  ahead: number,
): ReadAhead<Item> {
  const queue: Promise<{ item: Item } | { error: unknown }>[] = [];
  let pageToken: string | undefined;
  let exhausted = false;
  let reading = false;
  const fill = () => {
    if (exhausted || reading || queue.length >= ahead) return;
    reading = true;
    queue.push(
      readPage(pageToken).then(
        (page) => {
          reading = false;
          pageToken = page.nextPageToken;
          if (!pageToken) exhausted = true;
          const item = start(page);
          fill();
          return { item };
        },
        (error: unknown) => {
          reading = false;
          exhausted = true;
          return { error };
        },
      ),
    );
  };
  fill();
  return {
    async next() {
      const head = queue.shift();
      if (!head) return undefined;
      const taken = await head;
      fill();
      return taken;
    },
  };
}
