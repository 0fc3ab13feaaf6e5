/**
 * Remembers an async read per key for as long as the returned function lives. Composition roots
 * make one per invocation, so a batch of records for one dealer reads that dealer's exports or
 * settings once, and the next invocation sees fresh data.
 */
export function memoPerKey<Value>(read: (key: string) => Promise<Value>): (key: string) => Promise<Value> {
  const remembered = new Map<string, Promise<Value>>();
  return (key) => {
    let value = remembered.get(key);
    if (!value) {
      value = read(key);
      remembered.set(key, value);
      // A failed read is not remembered: the next record asks again.
      value.catch(() => remembered.delete(key));
    }
    return value;
  };
}
