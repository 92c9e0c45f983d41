import { Button, InputNumber, Space } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { pastedPoint } from '../rules.ts';

export interface Point {
  lng: number | null;
  lat: number | null;
}

/** AMap's coordinate picker: a point clicked there is copied as "lng,lat" in GCJ-02. */
export const AMAP_PICKER_URL = 'https://lbs.amap.com/tools/picker';

/**
 * A station's place as AMap gives it (GCJ-02): longitude and latitude, and the picker's copied
 * "120.492600,30.082300" pasted into either box filling both.
 */
export function CoordinatesInput({ value, onChange, status }: { value?: Point; onChange?: (value: Point) => void; status?: 'error' }) {
  const { t } = useTranslation();
  const point = value ?? { lng: null, lat: null };
  const onPaste = (e: React.ClipboardEvent<HTMLInputElement>) => {
    const pasted = pastedPoint(e.clipboardData.getData('text'));
    if (!pasted) return;
    e.preventDefault();
    onChange?.(pasted);
  };
  return (
    <Space size={8} wrap>
      <InputNumber<number>
        style={{ width: 180 }}
        prefix={t('consoleStations.form.lng')}
        min={-180}
        max={180}
        stringMode={false}
        value={point.lng}
        status={status}
        onChange={(lng) => onChange?.({ ...point, lng })}
        onPaste={onPaste}
        placeholder="120.492600"
        data-testid="station-lng"
      />
      <InputNumber<number>
        style={{ width: 170 }}
        prefix={t('consoleStations.form.lat')}
        min={-90}
        max={90}
        value={point.lat}
        status={status}
        onChange={(lat) => onChange?.({ ...point, lat })}
        onPaste={onPaste}
        placeholder="30.082300"
        data-testid="station-lat"
      />
      <Button icon={<AimOutlined />} href={AMAP_PICKER_URL} target="_blank" rel="noopener noreferrer">
        {t('consoleStations.form.openAmap')}
      </Button>
    </Space>
  );
}
