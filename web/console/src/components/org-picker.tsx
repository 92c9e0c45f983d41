import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgsApi, type KnownOrg, type Org } from '../pages/orgs/api.ts';

interface PickerNode {
  value: string;
  title: React.ReactNode;
  label: string;
  isLeaf: boolean;
  disabled?: boolean;
  children?: PickerNode[];
}

export interface OrgPickerProps {
  value?: string;
  onChange?: (orgId: string | undefined, org?: Org) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Orgs that may not be chosen (e.g. a move target inside the moved subtree). */
  isDisabled?: (org: Org) => boolean;
  style?: React.CSSProperties;
  status?: 'error' | 'warning';
  'data-testid'?: string;
}

/**
 * Picks an organisation in the staff member's subtree: a lazily loaded tree, and while typing a
 * server-side search (/api/console/orgs?q=) shown as a flat list.
 */
export function OrgPicker({ value, onChange, placeholder, allowClear, isDisabled, style, status, ...rest }: OrgPickerProps) {
  const { t } = useTranslation();
  const [orgs, setOrgs] = useState<Record<string, KnownOrg>>({});
  const [children, setChildren] = useState<Record<string, string[]>>({});
  const [rootIds, setRootIds] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<Org[] | null>(null);
  const [searching, setSearching] = useState(false);
  const searchSeq = useRef(0);

  const remember = useCallback((items: KnownOrg[]) => {
    setOrgs((previous) => {
      const next = { ...previous };
      for (const org of items) next[org.id] = { ...next[org.id], ...org };
      return next;
    });
  }, []);

  useEffect(() => {
    orgsApi
      .tree()
      .then(({ items }) => {
        remember(items);
        setRootIds(items.map((o) => o.id));
      })
      .catch(() => undefined);
  }, [remember]);

  // Make sure the chosen org has a label even when it is not in the loaded part of the tree.
  useEffect(() => {
    if (value && !orgs[value]) {
      orgsApi
        .get(value)
        .then(({ org }) => remember([org]))
        .catch(() => undefined);
    }
  }, [value, orgs, remember]);

  const loadChildren = useCallback(
    async (parentId: string) => {
      const { items } = await orgsApi.tree(parentId);
      remember(items);
      setChildren((previous) => ({ ...previous, [parentId]: items.map((o) => o.id) }));
    },
    [remember],
  );

  useEffect(() => {
    const q = search.trim();
    if (!q) {
      setResults(null);
      return undefined;
    }
    const seq = ++searchSeq.current;
    setSearching(true);
    const timer = window.setTimeout(() => {
      orgsApi
        .search({ q })
        .then(({ items }) => {
          if (seq !== searchSeq.current) return;
          remember(items);
          setResults(items);
        })
        .catch(() => seq === searchSeq.current && setResults([]))
        .finally(() => seq === searchSeq.current && setSearching(false));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search, remember]);

  const treeData = useMemo(() => {
    const node = (org: KnownOrg, flat: boolean): PickerNode => {
      const kids = children[org.id];
      return {
        value: org.id,
        label: org.name,
        title: (
          <span>
            {org.name}
            {org.status === 'inactive' && <Typography.Text type="secondary"> ({t('enums.orgStatus.inactive')})</Typography.Text>}
          </span>
        ),
        isLeaf: flat || org.childCount === 0,
        disabled: isDisabled?.(org) ?? false,
        ...(!flat && kids
          ? {
              children: kids
                .map((id) => orgs[id])
                .filter((o): o is KnownOrg => !!o)
                .map((o) => node(o, false)),
            }
          : {}),
      };
    };
    if (results) return results.map((org) => node(org, true));
    return rootIds
      .map((id) => orgs[id])
      .filter((o): o is KnownOrg => !!o)
      .map((o) => node(o, false));
  }, [children, orgs, rootIds, results, isDisabled, t]);

  const chosen = value ? { value, label: orgs[value]?.name ?? value } : undefined;

  return (
    <TreeSelect<{ value: string; label: React.ReactNode } | undefined>
      {...rest}
      style={{ width: '100%', ...style }}
      status={status}
      labelInValue
      value={chosen}
      treeData={treeData}
      treeNodeLabelProp="label"
      loadData={async (node) => {
        const id = String(node.value);
        if (!results && !children[id]) await loadChildren(id);
      }}
      treeLoadedKeys={Object.keys(children)}
      showSearch={{
        searchValue: search,
        onSearch: setSearch,
        filterTreeNode: false,
      }}
      notFoundContent={searching ? t('common.loading') : t('console.orgs.noResults')}
      allowClear={allowClear}
      placeholder={placeholder}
      onChange={(next) => {
        const id = next?.value;
        setSearch('');
        onChange?.(id, id ? orgs[id] : undefined);
      }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 320 } } }}
    />
  );
}
