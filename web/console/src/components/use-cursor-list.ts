import { useCallback, useEffect, useRef, useState } from 'react';
import { problemText } from './problem-text.ts';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list read page by page with the server's opaque cursor: the first page whenever `query` changes
 * (by value), then "load more". A reply to an older query is dropped.
 */
export function useCursorList<T, Q, P extends CursorPage<T>>(query: Q, fetchPage: (query: Q, cursor: string | undefined) => Promise<P>) {
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState<P | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const key = JSON.stringify(query);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setProblem(null);
    try {
      const first = await fetchRef.current(JSON.parse(key) as Q, undefined);
      if (mine !== seq.current) return;
      setItems(first.items);
      setPage(first);
      setNext(first.nextCursor);
    } catch (error) {
      if (mine !== seq.current) return;
      setItems([]);
      setPage(null);
      setNext(null);
      setProblem(problemText(error));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (next === null) return;
    const mine = seq.current;
    setLoadingMore(true);
    try {
      const more = await fetchRef.current(JSON.parse(key) as Q, next);
      if (mine !== seq.current) return;
      setItems((previous) => [...previous, ...more.items]);
      setPage(more);
      setNext(more.nextCursor);
    } catch (error) {
      if (mine === seq.current) setProblem(problemText(error));
    } finally {
      setLoadingMore(false);
    }
  }, [key, next]);

  /** Replaces one item in place (after an action on it), or drops it when `replacement` is null. */
  const update = useCallback((match: (item: T) => boolean, replacement: T | null) => {
    setItems((previous) => previous.flatMap((item) => (match(item) ? (replacement ? [replacement] : []) : [item])));
  }, []);

  return { items, page, hasMore: next !== null, loading, loadingMore, problem, reload, loadMore, update };
}
