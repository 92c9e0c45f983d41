import { useCallback, useEffect, useMemo, useState } from 'react';
import { CascaderView, Popup, type CascaderOption, type CascaderViewProps } from 'antd-mobile';
import { DownOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { listRegions, regionChain, resolveRegionPath, type Region } from '../../../shared/regions.ts';

const SKELETON = CascaderView.optionSkeleton;

type CascaderValue = NonNullable<CascaderViewProps['value']>[number];

interface RegionPickerProps {
  /** The 9-digit street (township) code, or undefined. */
  value?: string | undefined;
  onChange?: (code: string) => void;
  testId: string;
  placeholder?: string;
}

/**
 * Work place: province → city → district → street, each level loaded when its parent is tapped
 * (the whole country would be megabytes on a cheap phone). Tapping a street chooses it and closes.
 */
export function RegionPicker({ value, onChange, testId, placeholder }: RegionPickerProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const [lists, setLists] = useState<ReadonlyMap<string, Region[]>>(new Map());
  const [picking, setPicking] = useState<CascaderValue[]>([]);
  const [labels, setLabels] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async (parent: string) => {
    try {
      const items = await listRegions(parent || undefined);
      setLists((previous) => (previous.has(parent) ? previous : new Map(previous).set(parent, items)));
      setProblem(null);
      return items;
    } catch (error) {
      setProblem(errorText(error));
      return null;
    }
  }, []);

  // The names of the chosen place, for the field itself.
  useEffect(() => {
    if (!value) {
      setLabels([]);
      return undefined;
    }
    let cancelled = false;
    resolveRegionPath(value)
      .then((path) => {
        if (!cancelled) setLabels(path.map((r) => r.name));
      })
      .catch(() => {
        if (!cancelled) setLabels([value]);
      });
    return () => {
      cancelled = true;
    };
  }, [value]);

  const open = () => {
    setVisible(true);
    setPicking([]);
    const chain = value ? regionChain(value) : [];
    // The provinces, and every list down to the chosen street; the picker then opens on the street's
    // tab (it moves to the last level only when its value changes, so the value comes after the lists).
    void Promise.all([load(''), ...chain.slice(0, -1).map((code) => load(code))]).then((loaded) => {
      if (chain.length > 0 && loaded.every(Boolean)) setPicking(chain);
    });
  };

  const options = useMemo(() => {
    const build = (parent: string): CascaderOption[] =>
      (lists.get(parent) ?? []).map((region) => {
        if (region.level === 'township') return { label: region.name, value: region.code };
        const children = lists.get(region.code);
        return {
          label: region.name,
          value: region.code,
          // Not yet loaded: a skeleton; loaded but empty: a leaf (the picker then says to pick a street).
          children: children === undefined ? SKELETON : children.length > 0 ? build(region.code) : undefined,
        };
      });
    return lists.has('') ? build('') : SKELETON;
  }, [lists]);

  const find = (code: string): Region | undefined => {
    const parent = regionChain(code).slice(-2, -1)[0] ?? '';
    return lists.get(parent)?.find((r) => r.code === code);
  };

  const select = (next: CascaderValue[]) => {
    // A tap on the item already chosen unticks it (CheckList's way): keep the choice instead, and
    // a tap on the chosen street means "this one", so it closes.
    const deselected = next.length < picking.length && next.every((code, i) => code === picking[i]);
    if (deselected) {
      const tapped = picking[next.length];
      if (tapped !== undefined && find(String(tapped))?.level === 'township' && next.length === picking.length - 1) {
        onChange?.(String(tapped));
        setVisible(false);
      }
      return;
    }
    setPicking(next);
    const last = next[next.length - 1];
    if (last === undefined) return;
    const region = find(String(last));
    if (region?.level === 'township') {
      onChange?.(region.code);
      setVisible(false);
    } else if (region && !lists.has(region.code)) {
      void load(region.code);
    }
  };

  const lastPicked = picking[picking.length - 1];
  const pickedRegion = lastPicked === undefined ? undefined : find(String(lastPicked));
  const deadEnd = pickedRegion !== undefined && pickedRegion.level !== 'township' && lists.get(pickedRegion.code)?.length === 0;

  return (
    <>
      <button type="button" className="gh-picker-trigger" onClick={open} data-testid={testId} aria-haspopup="dialog">
        <span className={labels.length ? 'gh-picker-value' : 'gh-picker-placeholder'}>
          {labels.length
            ? labels.join(t('memberMembership.workPlace.regionSeparator'))
            : (placeholder ?? t('memberMembership.workPlace.regionPlaceholder'))}
        </span>
        <DownOutline className="gh-picker-arrow" />
      </button>
      <Popup
        visible={visible}
        onMaskClick={() => setVisible(false)}
        onClose={() => setVisible(false)}
        bodyClassName="gh-region-popup"
        destroyOnClose
      >
        <div className="gh-region-header" data-testid={`${testId}-picker`}>
          <button type="button" className="gh-region-cancel" onClick={() => setVisible(false)}>
            {t('common.cancel')}
          </button>
          <span className="gh-region-title">{t('memberMembership.workPlace.regionTitle')}</span>
          <span className="gh-region-cancel" aria-hidden />
        </div>
        <p className="gh-region-hint">
          {deadEnd ? t('memberMembership.workPlace.regionNoStreets') : t('memberMembership.workPlace.regionHint')}
        </p>
        {problem && (
          <div className="gh-problem" role="alert">
            {problem}
          </div>
        )}
        <CascaderView
          options={options}
          value={picking}
          onChange={select}
          placeholder={(index) => t(`memberMembership.workPlace.regionLevels.${LEVELS[index] ?? 'township'}`)}
          style={{ '--height': '56vh' }}
        />
      </Popup>
    </>
  );
}

const LEVELS = ['province', 'city', 'county', 'township'] as const;
