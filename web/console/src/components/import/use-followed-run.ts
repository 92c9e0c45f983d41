import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { problemText } from '../problem-text.ts';
import { isImportFinished, type RunStatus } from './rules.ts';

export interface FollowOptions<T> {
  /** How often the run is read again while it goes on. */
  intervalMs: number;
  /** Called with every reading (to keep a table's row in step, or reload it once the run has finished). */
  onRead?: (item: T) => void;
}

/**
 * The import run the page follows, named in the address (?<param>=id) so a reload or a shared link
 * shows it again: read every `intervalMs` until it has finished. A reading for a run no longer
 * followed is dropped.
 */
export function useFollowedRun<T extends { id: string; status: RunStatus }>(
  param: string,
  read: (id: string) => Promise<T>,
  { intervalMs, onRead }: FollowOptions<T>,
) {
  const [params, setParams] = useSearchParams();
  const id = params.get(param);
  const [current, setCurrent] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const readRef = useRef(read);
  readRef.current = read;
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;
  const seq = useRef(0);

  /** Follows the run `next` (or none). */
  const show = useCallback(
    (next: string | null) =>
      setParams((previous) => {
        const query = new URLSearchParams(previous);
        if (next) query.set(param, next);
        else query.delete(param);
        return query;
      }),
    [setParams, param],
  );

  /** Follows a run just started, showing what its start answered until the first reading. */
  const follow = useCallback(
    (item: T) => {
      setCurrent(item);
      show(item.id);
    },
    [show],
  );

  useEffect(() => {
    const mine = ++seq.current;
    if (!id) {
      setCurrent(null);
      return undefined;
    }
    let timer: number | undefined;
    const poll = async () => {
      try {
        const found = await readRef.current(id);
        if (mine !== seq.current) return;
        setCurrent(found);
        setProblem(null);
        onReadRef.current?.(found);
        if (isImportFinished(found.status)) return;
      } catch (error) {
        if (mine !== seq.current) return;
        setProblem(problemText(error));
      }
      timer = window.setTimeout(() => void poll(), intervalMs);
    };
    setCurrent((previous) => (previous?.id === id ? previous : null));
    void poll();
    return () => {
      seq.current += 1;
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [id, intervalMs]);

  return { id, current, problem, show, follow };
}
