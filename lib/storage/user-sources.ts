// The reader's own sources in the database: add (replacing the same page), remove, list, find by address.
import { pageAddress } from '@/lib/model/address';
import { userSourceId, type UserSourceSummary } from '@/lib/model/reader-sources';
import { generation, type QuoteTrailDb } from '@/lib/storage/db';
import type { UserSourceRow } from '@/lib/storage/rows';
import { userSourceRows } from '@/lib/storage/user-rows';

/** A fresh id for a reader's source: short, and unique enough for one reader's list. */
export function newUserSourceId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 12);
}

/**
 * Keeps a page as one of the reader's sources, searchable from then on. The same page (by address, without
 * #fragment) added again replaces the earlier copy and keeps its id. Returns the stored source's summary.
 */
export async function addUserSource(
  db: QuoteTrailDb,
  page: { url: string | null; title: string | null; published: string | null; text: string },
  { now = new Date(), id = newUserSourceId() }: { now?: Date; id?: string } = {},
): Promise<UserSourceSummary> {
  const added = await db.transaction('rw', [db.userSources, db.userQuotes, db.userPassages], async () => {
    const url = page.url === null ? null : pageAddress(page.url);
    const existing = url === null ? undefined : (await userSourcesAt(db, url))[0];
    const row: UserSourceRow = { id: existing?.id ?? id, title: page.title, url, published: page.published, text: page.text, addedAt: now.toISOString() };
    const { quotes, passages } = userSourceRows(row);
    await deleteUserRows(db, row.id);
    await db.userSources.put(row);
    await db.userQuotes.bulkAdd(quotes);
    await db.userPassages.bulkAdd(passages);
    return summary(row, quotes.length);
  });
  generation(db).user++;
  return added;
}

/** Removes one of the reader's sources and everything extracted from it; false when there was none. */
export async function removeUserSource(db: QuoteTrailDb, id: string): Promise<boolean> {
  const had = await db.transaction('rw', [db.userSources, db.userQuotes, db.userPassages], async () => {
    const existed = (await db.userSources.get(id)) !== undefined;
    await db.userSources.delete(id);
    await deleteUserRows(db, id);
    return existed;
  });
  generation(db).user++;
  return had;
}

/** The reader's sources, the most recently added first, without their text. */
export async function listUserSources(db: QuoteTrailDb): Promise<UserSourceSummary[]> {
  const rows = await db.userSources.toArray();
  const counts = await Promise.all(rows.map((r) => db.userQuotes.where('sourceId').equals(userSourceId(r.id)).count()));
  return rows.map((r, i) => summary(r, counts[i]!)).sort((a, b) => b.addedAt.localeCompare(a.addedAt) || a.id.localeCompare(b.id));
}

function summary(row: UserSourceRow, quotes: number): UserSourceSummary {
  return { id: row.id, sourceId: userSourceId(row.id), title: row.title, url: row.url, published: row.published, addedAt: row.addedAt, quotes };
}

async function deleteUserRows(db: QuoteTrailDb, id: string): Promise<void> {
  const sourceId = userSourceId(id);
  await db.userQuotes.where('sourceId').equals(sourceId).delete();
  await db.userPassages.where('sourceId').equals(sourceId).delete();
}

/** The reader's sources kept from this page (by address, without #fragment), through the url index. */
export async function userSourcesAt(db: QuoteTrailDb, url: string): Promise<UserSourceRow[]> {
  const address = pageAddress(url);
  return (await db.userSources.where('url').startsWith(address).toArray()).filter((r) => r.url !== null && pageAddress(r.url) === address);
}

