import { publicView } from './public-view.js';
import type { Filter, ReadStore, Sort } from './read-store.port.js';

export interface Page<T> {
  items: T[];
  total: number;
  skip: number;
  limit: number;
}

/** One page of a collection as the API lists it, with the total the filter matches. */
export async function findPage(
  reads: ReadStore,
  collection: string,
  filter: Filter,
  { sort, skip, limit }: { sort: Sort; skip: number; limit: number },
): Promise<Page<Record<string, unknown>>> {
  const [items, total] = await Promise.all([reads.find(collection, filter, { sort, skip, limit }), reads.count(collection, filter)]);
  return { items: items.map(publicView), total, skip, limit };
}
