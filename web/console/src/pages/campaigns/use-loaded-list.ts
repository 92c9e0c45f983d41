import { useCallback, useEffect, useState } from 'react';
import { problemText } from '../../components/problem-text.ts';

/**
 * A list a page loads on opening and again when `load` changes (a filter): its items, whether it is
 * loading, the problem's Chinese text when loading failed, and `reload` for after an action.
 */
export function useLoadedList<T>(load: () => Promise<{ items: T[] }>) {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await load()).items);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setLoading(false);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, setItems, loading, problem, reload };
}
