import { useCallback, useEffect, useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgPicker, type OrgPickerProps } from '../../../components/org-picker.tsx';
import type { OrgField } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import { membersApi, type StatsRow } from '../api.ts';

interface Node {
  value: string;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
  children?: Node[];
}

/**
 * Picks a union of the staff member's subtree. With the orgs module it is the console's OrgPicker
 * (tree and search); a members-only clerk may not read the org tree, so the tree is then walked
 * through the members statistics, which list a union's children.
 */
export function UnionPicker(props: OrgPickerProps & { disabledIds?: string[]; activeOnly?: boolean }) {
  const { access } = useSession();
  const { disabledIds, activeOnly, ...rest } = props;
  if (access.canViewOrgs) {
    return (
      <OrgPicker {...rest} isDisabled={(org) => (disabledIds?.includes(org.id) ?? false) || (!!activeOnly && org.status === 'inactive')} />
    );
  }
  return <StatsUnionPicker {...rest} disabledIds={disabledIds ?? []} />;
}

/** A reason dialog's union to pick (re-place, transfer): an active union, never the current one. */
export function unionField({ testId, ...field }: Omit<OrgField, 'picker'> & { testId: string }): OrgField {
  return { ...field, picker: <ActiveUnionPicker data-testid={testId} disabledIds={field.notId ? [field.notId] : []} /> };
}

function ActiveUnionPicker(props: OrgPickerProps & { disabledIds: string[] }) {
  const { t } = useTranslation();
  return <UnionPicker {...props} activeOnly placeholder={t('consoleMembers.common.unionPlaceholder')} />;
}

function StatsUnionPicker({
  value,
  onChange,
  placeholder,
  allowClear,
  style,
  status,
  disabledIds,
  'data-testid': testId,
}: OrgPickerProps & { disabledIds: string[] }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [names, setNames] = useState<Record<string, string>>({ [me.org.id]: me.org.name });
  const [children, setChildren] = useState<Record<string, string[]>>({});
  const [expanded, setExpanded] = useState<string[]>([me.org.id]);

  const load = useCallback(async (orgId: string) => {
    const { node, children: kids } = await membersApi.stats(orgId);
    setNames((previous) => {
      const next = { ...previous, [node.orgId]: node.orgName };
      for (const kid of kids) next[kid.orgId] = kid.orgName;
      return next;
    });
    setChildren((previous) => ({ ...previous, [orgId]: kids.map((kid: StatsRow) => kid.orgId) }));
  }, []);

  useEffect(() => {
    load(me.org.id).catch(() => undefined);
  }, [load, me.org.id]);

  const treeData = useMemo(() => {
    const build = (id: string): Node => {
      const kids = children[id];
      return {
        value: id,
        title: names[id] ?? id,
        isLeaf: kids !== undefined && kids.length === 0,
        disabled: disabledIds.includes(id),
        ...(kids && kids.length > 0 ? { children: kids.map(build) } : {}),
      };
    };
    return [build(me.org.id)];
  }, [children, names, me.org.id, disabledIds]);

  return (
    <TreeSelect<string>
      data-testid={testId}
      style={{ width: '100%', ...style }}
      status={status}
      value={value}
      treeData={treeData}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      loadData={async (node) => {
        const id = String(node.value);
        if (!children[id]) await load(id);
      }}
      treeLoadedKeys={Object.keys(children)}
      showSearch={{ filterTreeNode: (input, node) => typeof node.title === 'string' && node.title.includes(input) }}
      notFoundContent={t('console.orgs.noResults')}
      allowClear={allowClear}
      placeholder={placeholder}
      onChange={(id) => onChange?.(id ?? undefined)}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 320 } } }}
    />
  );
}
