import { useEffect, useRef, useState } from 'react';
import { aidApi } from './api.ts';

export interface OrgInfo {
  name: string;
  path: string;
}

/**
 * The names and paths of the unions the tab shows by id (a batch's union, an item's): the aid answers
 * carry ids only. Each id is asked once; one out of the staff member's reach (a union above theirs)
 * stays null, and the page says 上级工会 for it.
 */
export function useOrgs(ids: readonly string[]): (orgId: string) => OrgInfo | null | undefined {
  const [known, setKnown] = useState<ReadonlyMap<string, OrgInfo | null>>(new Map());
  const asked = useRef(new Set<string>());
  const key = [...new Set(ids)].sort().join(',');

  useEffect(() => {
    const fresh = key.split(',').filter((id) => id && !asked.current.has(id));
    for (const id of fresh) asked.current.add(id);
    // Kept even when the ids changed meanwhile: each id is asked once, so its answer must not be dropped.
    void Promise.all(
      fresh.map((id) =>
        aidApi
          .org(id)
          .then(({ org }) => [id, { name: org.name, path: org.path }] as const)
          .catch(() => [id, null] as const),
      ),
    ).then((found) => {
      if (found.length > 0) setKnown((previous) => new Map([...previous, ...found]));
    });
  }, [key]);

  return (orgId) => known.get(orgId);
}
