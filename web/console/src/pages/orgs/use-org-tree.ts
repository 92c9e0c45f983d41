import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../../../shared/api.ts';
import { orgsApi, type KnownOrg } from './api.ts';

export interface OrgTreeState {
  orgs: Record<string, KnownOrg>;
  /** Children of each loaded node, in the server's order. */
  children: Record<string, string[]>;
  rootIds: string[];
  loading: boolean;
  problem: string | null;
}

/**
 * The loaded part of the staff member's org tree, normalised by id so that edits, moves and new
 * children update one place and the antd Tree is derived from it.
 */
export function useOrgTree() {
  const [state, setState] = useState<OrgTreeState>({ orgs: {}, children: {}, rootIds: [], loading: true, problem: null });

  // Detail and search answers carry no childCount: merge, so a count from the tree is kept.
  const remember = useCallback((items: KnownOrg[]) => {
    setState((previous) => {
      const orgs = { ...previous.orgs };
      for (const org of items) orgs[org.id] = { ...orgs[org.id], ...org };
      return { ...previous, orgs };
    });
  }, []);

  const loadRoot = useCallback(async () => {
    setState((previous) => ({ ...previous, loading: true, problem: null }));
    try {
      const { items } = await orgsApi.tree();
      setState({
        orgs: Object.fromEntries(items.map((o) => [o.id, o])),
        children: {},
        rootIds: items.map((o) => o.id),
        loading: false,
        problem: null,
      });
    } catch (error) {
      setState((previous) => ({ ...previous, loading: false, problem: errorText(error) }));
    }
  }, []);

  useEffect(() => {
    void loadRoot();
  }, [loadRoot]);

  /** Loads (or reloads) a node's children and brings its childCount up to date. */
  const loadChildren = useCallback(async (parentId: string) => {
    const { items } = await orgsApi.tree(parentId);
    setState((previous) => {
      const orgs = { ...previous.orgs };
      for (const org of items) orgs[org.id] = org;
      const parent = orgs[parentId];
      if (parent) orgs[parentId] = { ...parent, childCount: items.length };
      return { ...previous, orgs, children: { ...previous.children, [parentId]: items.map((o) => o.id) } };
    });
    return items;
  }, []);

  /** Puts a changed org in place (after edit, deactivate, ...). */
  const upsert = useCallback((org: KnownOrg) => remember([org]), [remember]);

  /** After a create or move: reload the affected parents that are loaded, mark others as having children. */
  const refreshParents = useCallback(
    async (parentIds: (string | null | undefined)[]) => {
      const ids = [...new Set(parentIds.filter((id): id is string => !!id))];
      await Promise.all(
        ids.map(async (id) => {
          try {
            await loadChildren(id);
          } catch {
            // The parent may lie outside the staff's scope (a move out of it): nothing to show.
          }
        }),
      );
    },
    [loadChildren],
  );

  return { ...state, loadRoot, loadChildren, upsert, refreshParents, remember };
}

export type OrgTree = ReturnType<typeof useOrgTree>;
