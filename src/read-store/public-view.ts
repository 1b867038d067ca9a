/** A read-model document as the API shows it: the store's bookkeeping (`_id`, `_position`) stays inside. */
export function publicView<D extends { _id: string }>({ _id, _position, ...doc }: D & { _position?: number }): Omit<D, '_id'> {
  return doc as Omit<D, '_id'>;
}
