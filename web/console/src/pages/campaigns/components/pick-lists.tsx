// Lists of regions and unions for the campaign form: each chosen one a closable tag, a picker and 添加
// beside them. The form field's value is the list of codes or ids.
import { useEffect, useState } from 'react';
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
  const [picked, setPicked] = useState<string | undefined>(undefined);
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
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      {(value ?? []).length > 0 && (
        <Space size={[4, 4]} wrap>
          {(value ?? []).map((code) => (
            <Tag key={code} closable onClose={() => onChange?.((value ?? []).filter((c) => c !== code))}>
              {names[code] ?? code}
            </Tag>
          ))}
        </Space>
      )}
      <Space.Compact style={{ width: '100%' }}>
        <RegionCascader
          value={picked}
          onChange={setPicked}
          placeholder={t('consoleCampaigns.form.regionAdd')}
          data-testid="campaign-region"
        />
        <AddButton
          label={t('consoleCampaigns.form.regionAdd')}
          disabled={!picked}
          onAdd={() => {
            onChange?.(add(value, picked));
            setPicked(undefined);
          }}
        />
      </Space.Compact>
    </Space>
  );
}

export function UnionList({ value, onChange }: ListProps) {
  const { t } = useTranslation();
  const { access } = useSession();
  const [picked, setPicked] = useState<string | undefined>(undefined);
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
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      {(value ?? []).length > 0 && (
        <Space size={[4, 4]} wrap>
          {(value ?? []).map((id) => (
            <Tag key={id} closable onClose={() => onChange?.((value ?? []).filter((u) => u !== id))}>
              {names[id] ?? id.slice(0, 8)}
            </Tag>
          ))}
        </Space>
      )}
      <Space.Compact style={{ width: '100%' }}>
        <UnionPicker
          value={picked}
          onChange={(id, org) => {
            setPicked(id);
            if (id && org) setNames((previous) => ({ ...previous, [id]: org.name }));
          }}
          placeholder={t('consoleCampaigns.form.unionAdd')}
          data-testid="campaign-union"
        />
        <AddButton
          label={t('consoleCampaigns.form.unionAdd')}
          disabled={!picked}
          onAdd={() => {
            onChange?.(add(value, picked));
            setPicked(undefined);
          }}
        />
      </Space.Compact>
    </Space>
  );
}

/** The button beside a picker that puts the picked item on the list. */
function AddButton({ label, disabled, onAdd }: { label: string; disabled: boolean; onAdd: () => void }) {
  return (
    <Button icon={<PlusOutlined />} disabled={disabled} onClick={onAdd}>
      {label}
    </Button>
  );
}
