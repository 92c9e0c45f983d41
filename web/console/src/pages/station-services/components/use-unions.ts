import { useEffect, useRef, useState } from 'react';
import { orgsApi } from '../../orgs/api.ts';

/**
 * The names of the unions `ids` name, each read once from the org API; a union out of reach (one
 * above the staff member's own, or no orgs role) stays without a name. Also the staff member's own
 * union's path, which tells a union above from one below.
 */
export function useUnions(ids: readonly string[], myOrgId: string): { names: Record<string, string>; myPath: string | null } {
  const [names, setNames] = useState<Record<string, string>>({});
  const [myPath, setMyPath] = useState<string | null>(null);
  const asked = useRef(new Set<string>());
  const key = [...new Set([myOrgId, ...ids])].sort().join(',');
  useEffect(() => {
    for (const id of key.split(',').filter(Boolean)) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      orgsApi
        .get(id)
        .then(({ org }) => {
          setNames((previous) => ({ ...previous, [org.id]: org.name }));
          if (org.id === myOrgId) setMyPath(org.path);
        })
        .catch(() => undefined);
    }
  }, [key, myOrgId]);
  return { names, myPath };
}
