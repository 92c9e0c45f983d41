import { useEffect, useRef, useState } from 'react';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { stationServicesApi, type StationSummary } from '../api.ts';

export interface StationPickerProps {
  value?: string | undefined;
  onChange: (stationId: string | undefined, station?: StationSummary) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/**
 * Picks one station of the subtree: the server searches names, hosts and addresses as the user types
 * (GET /api/console/stations?q=); a chosen station keeps its name even when it is not among the results.
 */
export function StationPicker({ value, onChange, placeholder, allowClear, style, ...rest }: StationPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<StationSummary[]>([]);
  const [chosen, setChosen] = useState<StationSummary | null>(null);
  const [searching, setSearching] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setSearching(true);
    const timer = window.setTimeout(
      () => {
        stationServicesApi
          .findStations(search.trim())
          .then(({ items }) => mine === seq.current && setOptions(items))
          .catch(() => mine === seq.current && setOptions([]))
          .finally(() => mine === seq.current && setSearching(false));
      },
      search ? 250 : 0,
    );
    return () => window.clearTimeout(timer);
  }, [search]);

  // A station named by the address (?station=) shows its name before any search has found it.
  useEffect(() => {
    if (!value) {
      setChosen(null);
      return;
    }
    if (chosen?.id === value) return;
    const known = options.find((s) => s.id === value);
    if (known) {
      setChosen(known);
      return;
    }
    stationServicesApi
      .station(value)
      .then((station) => setChosen(station))
      .catch(() => undefined);
  }, [value, chosen, options]);

  const all = chosen && !options.some((s) => s.id === chosen.id) ? [chosen, ...options] : options;

  return (
    <Select<string>
      {...rest}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      value={value}
      allowClear={allowClear}
      placeholder={placeholder ?? t('consoleStationServices.stationPicker.placeholder')}
      style={{ minWidth: 320, ...style }}
      loading={searching}
      notFoundContent={searching ? t('common.loading') : t('consoleStationServices.stationPicker.noResults')}
      onChange={(id) => {
        setSearch('');
        const station = all.find((s) => s.id === id);
        if (station) setChosen(station);
        onChange(id, station);
      }}
      popupMatchSelectWidth={false}
      options={all.map((s) => ({
        value: s.id,
        label: s.name,
        title: s.name,
      }))}
      optionRender={(option) => {
        const station = all.find((s) => s.id === option.value);
        return (
          <div className="gh-ss-station-option" data-testid={`station-option-${String(option.value)}`}>
            <div>{station?.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {station?.address}
            </Typography.Text>
          </div>
        );
      }}
    />
  );
}
