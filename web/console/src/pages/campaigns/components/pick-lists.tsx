// Lists of regions and unions for the campaign form: each chosen one a closable tag, a picker and 添加
// beside them. The form field's value is the list of codes or ids.
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { resolveRegionPath } from '../../../../../shared/regions.ts';
import { RegionCascader } from '../../../components/region-cascader.tsx';
import { orgsApi } from '../../orgs/api.ts';
import { UnionPicker } from '../../members/components/union-picker.tsx';
import { useSession } from '../../../session.tsx';

interface ListProps {
  value?: string[];
  onChange?: (value: string[]) => void;
}

function add(list: string[] | undefined, item: string | undefined): string[] {
  const current = list ?? [];
  return item && !current.includes(item) ? [...current, item] : current;
}

export function RegionList({ value, onChange }: ListProps) {
  const { t } = useTranslation();
  const [names, setNames] = useState<Record<string, string>>({});

  useEffect(() => {
    for (const code of value ?? []) {
      if (names[code]) continue;
      resolveRegionPath(code)
        .then((path) => setNames((previous) => ({ ...previous, [code]: path.map((r) => r.name).join('') || code })))
        .catch(() => undefined);
    }
  }, [value, names]);

  return (
    <PickedList
      value={value}
      onChange={onChange}
      labelOf={(code) => names[code] ?? code}
      addLabel={t('consoleCampaigns.form.regionAdd')}
      picker={(picked, setPicked) => (
        <RegionCascader
          value={picked}
          onChange={setPicked}
          placeholder={t('consoleCampaigns.form.regionAdd')}
          data-testid="campaign-region"
        />
      )}
    />
  );
}

export function UnionList({ value, onChange }: ListProps) {
  const { t } = useTranslation();
  const { access } = useSession();
  const [names, setNames] = useState<Record<string, string>>({});

  // A stored draft names its unions by id; their names come from the org tree when the staff may read it.
  useEffect(() => {
    if (!access.canViewOrgs) return;
    for (const id of value ?? []) {
      if (names[id]) continue;
      orgsApi
        .get(id)
        .then(({ org }) => setNames((previous) => ({ ...previous, [id]: org.name })))
        .catch(() => undefined);
    }
  }, [value, names, access.canViewOrgs]);

  return (
    <PickedList
      value={value}
      onChange={onChange}
      labelOf={(id) => names[id] ?? id.slice(0, 8)}
      addLabel={t('consoleCampaigns.form.unionAdd')}
      picker={(picked, setPicked) => (
        <UnionPicker
          value={picked}
          onChange={(id, org) => {
            setPicked(id);
            if (id && org) setNames((previous) => ({ ...previous, [id]: org.name }));
          }}
          placeholder={t('consoleCampaigns.form.unionAdd')}
          data-testid="campaign-union"
        />
      )}
    />
  );
}

interface PickedListProps extends ListProps {
  labelOf: (item: string) => string;
  addLabel: string;
  /** The picker for the next item; 添加 puts what it holds on the list. */
  picker: (picked: string | undefined, setPicked: (item: string | undefined) => void) => ReactNode;
}

/** The chosen items as closable tags, and below them a picker with its 添加 button. */
function PickedList({ value, onChange, labelOf, addLabel, picker }: PickedListProps) {
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const items = value ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      {items.length > 0 && (
        <Space size={[4, 4]} wrap>
          {items.map((item) => (
            <Tag key={item} closable onClose={() => onChange?.(items.filter((i) => i !== item))}>
              {labelOf(item)}
            </Tag>
          ))}
        </Space>
      )}
      <Space.Compact style={{ width: '100%' }}>
        {picker(picked, setPicked)}
        <Button
          icon={<PlusOutlined />}
          disabled={!picked}
          onClick={() => {
            onChange?.(add(value, picked));
            setPicked(undefined);
          }}
        >
          {addLabel}
        </Button>
      </Space.Compact>
    </Space>
  );
}
