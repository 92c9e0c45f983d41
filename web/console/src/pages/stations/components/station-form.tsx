import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Result, Row, Select, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { problemText } from '../../../components/problem-text.ts';
import { RegionCascader } from '../../../components/region-cascader.tsx';
import { useSession } from '../../../session.tsx';
import { orgsApi } from '../../orgs/api.ts';
import { stationsApi, type Amenity, type Station } from '../api.ts';
import {
  AMENITIES,
  DEFAULT_HOURS,
  formFieldOf,
  newStationValues,
  STATION_KINDS,
  toFormValues,
  toStationBody,
  type AmenityHoursRow,
  type StationFormValues,
} from '../rules.ts';
import { CoordinatesInput } from './coordinates-input.tsx';
import { HoursEditor } from './hours-editor.tsx';
import { StationStatusTag, StatusActions } from './status-actions.tsx';

/** A new station (/stations/new) or one being changed (/stations/:id), its status actions beside it. */
export function StationForm() {
  const { stationId } = useParams();
  const { me } = useSession();
  const [station, setStation] = useState<Station | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!stationId) return;
    setStation(null);
    stationsApi
      .get(stationId)
      .then(setStation)
      .catch((error: unknown) => setProblem(problemText(error)));
  }, [stationId]);

  if (!stationId) return <FormBody initial={newStationValues(me.org.id)} />;
  if (problem) return <Result status="warning" title={problem} />;
  if (!station) return <Spin />;
  return <FormBody key={station.id} initial={toFormValues(station)} station={station} onStation={setStation} />;
}

const FIELDS = ['name', 'kind', 'host', 'orgId', 'regionCode', 'address', 'gcj02', 'hours', 'amenities', 'amenityHours', 'areaM2', 'phone'];

function FormBody({ initial, station, onStation }: { initial: StationFormValues; station?: Station; onStation?: (s: Station) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<StationFormValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const [unionRegion, setUnionRegion] = useState<string>('');
  const orgId = Form.useWatch('orgId', form);
  const amenities = (Form.useWatch('amenities', form) as Amenity[] | undefined) ?? initial.amenities;
  const readOnly = !access.canEditStations || station?.status === 'closed';

  // The region picker offers the chosen union's area.
  useEffect(() => {
    if (!orgId) return;
    let cancelled = false;
    orgsApi
      .get(orgId)
      .then(({ org }) => !cancelled && setUnionRegion(org.regionCode))
      .catch(() => !cancelled && setUnionRegion(''));
    return () => {
      cancelled = true;
    };
  }, [orgId]);

  const submit = async (values: StationFormValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const body = toStationBody(values);
      const saved = station ? await stationsApi.update(station.id, body) : await stationsApi.create(body);
      void message.success(t(station ? 'consoleStations.form.saved' : 'consoleStations.form.created'));
      if (station) onStation?.(saved);
      else void navigate(`/stations/${saved.id}`, { replace: true });
    } catch (error) {
      // stations.invalid and common.validation_failed name the fields at fault: each message under its box.
      const byField = new Map<string, string[]>();
      const rest: string[] = [];
      for (const item of error instanceof ApiError ? error.errors : []) {
        const field = formFieldOf(item.field);
        if (field && FIELDS.includes(field)) byField.set(field, [...(byField.get(field) ?? []), item.message]);
        else rest.push(item.message);
      }
      form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof StationFormValues, errors })));
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  const kindOptions = useMemo(() => STATION_KINDS.map((k) => ({ value: k, label: t(`consoleStations.kind.${k}`) })), [t]);

  return (
    <Form<StationFormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(values) => void submit(values)}
      // A field changed is no longer what the server refused: its message goes.
      onValuesChange={(changed: Partial<StationFormValues>) =>
        form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof StationFormValues, errors: [] })))
      }
      disabled={readOnly}
      data-testid="station-form"
      style={{ maxWidth: 1100 }}
    >
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="center">
        <Space size={12} align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/stations')} disabled={false}>
            {t('consoleStations.form.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {station ? station.name : t('consoleStations.form.newTitle')}
          </Typography.Title>
          {station && <StationStatusTag status={station.status} />}
          {station && (
            <Button
              type="link"
              disabled={false}
              onClick={() => void navigate(`/station-inspections/stations/${station.id}`)}
              data-testid="station-inspections-link"
            >
              {t('consoleStationInspections.overview.open')}
            </Button>
          )}
        </Space>
        {station && access.canEditStations && (
          <StatusActions station={station} onChanged={(s) => onStation?.(s)} size="middle" link={false} />
        )}
      </Space>
      {problem && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={problem.title}
          description={problem.items.length > 0 ? problem.items.join(t('common.listSeparator')) : undefined}
          data-testid="station-form-error"
        />
      )}

      <Card size="small" title={t('consoleStations.form.sectionBasics')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              name="name"
              label={t('consoleStations.form.name')}
              rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('consoleStations.form.nameRequired') }]}
            >
              <Input maxLength={60} placeholder={t('consoleStations.form.namePlaceholder')} data-testid="station-name" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="kind"
              label={t('consoleStations.form.kind')}
              rules={[{ required: true, message: t('consoleStations.form.kindRequired') }]}
            >
              <Select options={kindOptions} data-testid="station-kind" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="host" label={t('consoleStations.form.host')}>
              <Input maxLength={100} placeholder={t('consoleStations.form.hostPlaceholder')} data-testid="station-host" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              name="orgId"
              label={t('consoleStations.form.union')}
              rules={[{ required: true, message: t('consoleStations.form.unionRequired') }]}
            >
              <OrgPicker placeholder={t('consoleStations.form.unionPlaceholder')} data-testid="station-union" />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name="phone" label={t('consoleStations.form.phone')}>
              <Input maxLength={30} placeholder={t('consoleStations.form.phonePlaceholder')} data-testid="station-phone" />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name="areaM2" label={t('consoleStations.form.area')}>
              <InputNumber<number>
                min={1}
                max={100_000}
                precision={0}
                style={{ width: '100%' }}
                suffix={t('consoleStations.form.areaUnit')}
                data-testid="station-area"
              />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('consoleStations.form.sectionPlace')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              name="regionCode"
              label={t('consoleStations.form.region')}
              extra={t('consoleStations.form.regionHint')}
              rules={[{ required: true, message: t('consoleStations.form.regionRequired') }]}
            >
              <RegionCascader root={unionRegion} placeholder={t('consoleStations.form.regionPlaceholder')} data-testid="station-region" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="address"
              label={t('consoleStations.form.address')}
              rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('consoleStations.form.addressRequired') }]}
            >
              <Input maxLength={200} placeholder={t('consoleStations.form.addressPlaceholder')} data-testid="station-address" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="gcj02"
          label={t('consoleStations.form.coordinates')}
          extra={t('consoleStations.form.coordinatesHint')}
          rules={[
            {
              validator: async (_, value: StationFormValues['gcj02'] | undefined) => {
                if (value?.lng === null || value?.lng === undefined || value.lat === null)
                  throw new Error(t('consoleStations.form.coordinatesRequired'));
              },
            },
          ]}
          style={{ marginBottom: 0 }}
        >
          <CoordinatesInput />
        </Form.Item>
      </Card>

      <Card size="small" title={t('consoleStations.form.sectionHours')} style={{ marginBottom: 16 }}>
        <Form.Item name="hours" style={{ marginBottom: 0 }}>
          <HoursEditor testId="station-hours" />
        </Form.Item>
      </Card>

      <Card size="small" title={t('consoleStations.form.sectionAmenities')} style={{ marginBottom: 16 }}>
        <Form.Item name="amenities" label={t('consoleStations.form.amenities')}>
          <Checkbox.Group
            options={AMENITIES.map((a) => ({
              value: a,
              label: <span data-testid={`station-amenity-${a}`}>{t(`consoleStations.amenity.${a}`)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="amenityHours"
          label={t('consoleStations.form.amenityHours')}
          extra={t('consoleStations.form.amenityHoursHint')}
          style={{ marginBottom: 0 }}
        >
          <AmenityHoursEditor amenities={amenities} />
        </Form.Item>
      </Card>

      {!readOnly && (
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="station-save">
            {t('consoleStations.form.save')}
          </Button>
          <Button onClick={() => void navigate('/stations')}>{t('consoleStations.form.cancel')}</Button>
        </Space>
      )}
    </Form>
  );
}

/** The amenities whose hours are their own (a battery-swap cabinet round the clock at a station open twelve hours). */
function AmenityHoursEditor({
  value = [],
  onChange,
  amenities,
}: {
  value?: AmenityHoursRow[];
  onChange?: (value: AmenityHoursRow[]) => void;
  amenities: readonly Amenity[];
}) {
  const { t } = useTranslation();
  const taken = new Set(value.map((row) => row.amenity));
  const free = amenities.filter((a) => !taken.has(a));
  const put = (i: number, row: AmenityHoursRow) => onChange?.(value.map((r, j) => (j === i ? row : r)));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {value.map((row, i) => (
        <Card
          key={i}
          size="small"
          type="inner"
          title={
            <Select<Amenity>
              style={{ width: 160 }}
              placeholder={t('consoleStations.form.amenityHoursAmenity')}
              value={row.amenity}
              onChange={(amenity) => put(i, { ...row, amenity })}
              options={AMENITIES.filter((a) => a === row.amenity || amenities.includes(a)).map((a) => ({
                value: a,
                label: t(`consoleStations.amenity.${a}`),
                disabled: a !== row.amenity && taken.has(a),
              }))}
              data-testid={`station-amenity-hours-${i}-amenity`}
            />
          }
          extra={
            <Button type="link" danger icon={<DeleteOutlined />} onClick={() => onChange?.(value.filter((_, j) => j !== i))}>
              {t('consoleStations.form.removeAmenityHours')}
            </Button>
          }
        >
          <HoursEditor value={row.hours} onChange={(hours) => put(i, { ...row, hours })} testId={`station-amenity-hours-${i}`} />
        </Card>
      ))}
      {free.length > 0 && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() =>
            onChange?.([
              ...value,
              { amenity: free.includes('battery_swap') ? 'battery_swap' : free[0], hours: { ...DEFAULT_HOURS, alwaysOpen: true } },
            ])
          }
          data-testid="station-amenity-hours-add"
        >
          {t('consoleStations.form.addAmenityHours')}
        </Button>
      )}
    </Space>
  );
}
