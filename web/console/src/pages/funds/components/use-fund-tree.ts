import { useCallback, useEffect, useRef, useState } from 'react';
import { problemText } from '../../../components/problem-text.ts';
import { orgsApi } from '../../orgs/api.ts';
import { fundsApi, type FundTree } from '../api.ts';
import { crumbsOf, type Crumb } from '../rules.ts';

interface Place {
  orgId: string;
  path: string;
  ancestors: (Crumb & { depth: number })[];
}

/**
 * A fund at a union (the top of the fund as the staff member sees it when `orgId` is not given), the
 * top itself, and the union's place in the tree (its path and ancestors, from the orgs API) for the
 * breadcrumb and the allocation picker. A reply to an older union is dropped.
 */
export function useFundTree(fundId: string, orgId: string | undefined) {
  const [tree, setTree] = useState<FundTree | null>(null);
  const [top, setTop] = useState<Crumb | null>(null);
  const [place, setPlace] = useState<Place | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setProblem(null);
    try {
      const found = await fundsApi.tree(fundId, orgId);
      if (mine !== seq.current) return;
      setTree(found);
      if (!orgId) setTop({ id: found.node.org.id, name: found.node.org.name });
    } catch (error) {
      if (mine !== seq.current) return;
      setTree(null);
      setProblem(problemText(error));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [fundId, orgId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Opened at a union below the top (a link, a reload): the top is the fund's default view.
  const topMissing = top === null && orgId !== undefined;
  useEffect(() => {
    if (!topMissing) return;
    fundsApi
      .tree(fundId, undefined)
      .then((found) => setTop({ id: found.node.org.id, name: found.node.org.name }))
      .catch(() => undefined);
  }, [fundId, topMissing]);

  const nodeId = tree?.node.org.id;
  useEffect(() => {
    if (!nodeId) return;
    let live = true;
    orgsApi
      .get(nodeId)
      .then(({ org, ancestors }) => {
        if (live)
          setPlace({ orgId: org.id, path: org.path, ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, depth: a.depth })) });
      })
      // Without the orgs role: the breadcrumb is the top and the union, the picker unrestricted.
      .catch(() => live && setPlace(null));
    return () => {
      live = false;
    };
  }, [nodeId]);

  const current = tree ? { id: tree.node.org.id, name: tree.node.org.name } : null;
  const here = place && place.orgId === nodeId ? place : null;
  return {
    tree,
    loading,
    problem,
    reload,
    crumbs: current ? crumbsOf(top ?? current, current, here?.ancestors ?? null) : [],
    path: here?.path ?? null,
    /** Whether the staff member's subtree runs the fund (its owner is their union or below it): they may name its sources. */
    runsFund: tree !== null && top !== null && top.id === tree.fund.orgId,
  };
}
