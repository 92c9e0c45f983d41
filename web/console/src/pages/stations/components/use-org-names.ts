import { useEffect, useRef, useState } from 'react';
import { orgsApi } from '../../orgs/api.ts';

/**
 * The names of the unions `ids` name (a list's owners), each read once from the org API and kept;
 * an id not readable (no orgs role, or gone) stays without a name.
 */
export function useOrgNames(ids: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const asked = useRef(new Set<string>());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      orgsApi
        .get(id)
        .then(({ org }) => setNames((previous) => ({ ...previous, [org.id]: org.name })))
        .catch(() => undefined);
    }
  }, [key]);
  return names;
}
