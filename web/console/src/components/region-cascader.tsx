import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Cascader, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { listRegions, regionChain, resolveRegionPath, type Region, type RegionLevel } from '../../../shared/regions.ts';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

const LEVELS: RegionLevel[] = ['province', 'city', 'county', 'township'];

export interface RegionCascaderProps {
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** Deepest level offered (township by default). */
  maxLevel?: RegionLevel;
  /** Offer only this region and what lies within it (a staff member's own area); the whole country when absent or ''. */
  root?: string;
  disabled?: boolean;
  placeholder?: string;
  status?: 'error' | 'warning';
  'data-testid'?: string;
}

/**
 * Province → city → county → township, each level loaded from /api/regions when opened. Any level
 * can be chosen (the form decides which level a kind needs); the value is the chosen region's code.
 */
export function RegionCascader({
  value,
  onChange,
  maxLevel = 'township',
  root = '',
  disabled,
  placeholder,
  status,
  ...rest
}: RegionCascaderProps) {
  const [lists, setLists] = useState<Record<string, Region[]>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const requested = useRef(new Set<string>());

  const load = useCallback(async (parent: string) => {
    if (requested.current.has(parent)) return;
    requested.current.add(parent);
    try {
      const items = await listRegions(parent || undefined);
      setLists((previous) => ({ ...previous, [parent]: items }));
      setProblem(null);
    } catch (error) {
      requested.current.delete(parent);
      setProblem(errorText(error));
    }
  }, []);

  // The list that holds the root (the provinces without one), then the lists along the current value
  // so its labels show.
  const rootParent = root ? (regionChain(root).at(-2) ?? '') : '';
  const chain = useCallback((code: string) => regionChain(code).filter((c) => c.length >= root.length), [root]);
  useEffect(() => {
    const parents = [rootParent, ...(value ? chain(value).slice(0, -1) : [])];
    for (const parent of parents) void load(parent);
  }, [value, load, rootParent, chain]);

  const maxIndex = LEVELS.indexOf(maxLevel);
  const options = useMemo(() => {
    const build = (parent: string): RegionOption[] =>
      (lists[parent] ?? []).map((region) => {
        const children = lists[region.code];
        const deepest = LEVELS.indexOf(region.level) >= maxIndex;
        return {
          value: region.code,
          label: region.name,
          isLeaf: deepest || (children !== undefined && children.length === 0),
          ...(children && children.length > 0 && !deepest ? { children: build(region.code) } : {}),
        };
      });
    const top = build(rootParent);
    return root ? top.filter((option) => option.value === root) : top;
  }, [lists, maxIndex, root, rootParent]);

  return (
    <>
      <Cascader<RegionOption>
        {...rest}
        options={options}
        value={value ? chain(value) : []}
        loadData={(selected) => {
          const last = selected[selected.length - 1];
          if (last) void load(last.value);
        }}
        onChange={(path) => {
          const codes: string[] = path ?? [];
          onChange?.(codes.length > 0 ? codes[codes.length - 1] : undefined);
        }}
        changeOnSelect
        allowClear
        disabled={disabled}
        placeholder={placeholder}
        status={status}
        style={{ width: '100%' }}
        displayRender={(labels) => labels.join(' / ')}
      />
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
    </>
  );
}

/** Shows a region code as its names, province / city / county (the code while loading or unknown). */
export function RegionName({ code }: { code: string | null | undefined }) {
  const { t } = useTranslation();
  const [names, setNames] = useState<string | null>(null);
  useEffect(() => {
    setNames(null);
    if (!code) return undefined;
    let cancelled = false;
    resolveRegionPath(code)
      .then((path) => {
        if (!cancelled && path.length > 0) setNames(path.map((r) => r.name).join(' / '));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [code]);
  if (!code) return <>{t('common.none')}</>;
  return (
    <Space size={6} wrap>
      <span>{names ?? code}</span>
      {names && <Typography.Text type="secondary">{code}</Typography.Text>}
    </Space>
  );
}
