import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import { TRADES } from '../../../../../shared/trades.ts';
import { problemText } from '../../../components/problem-text.ts';
import { UnionPicker } from '../../members/components/union-picker.tsx';
import { useSession } from '../../../session.tsx';
import { campaignsApi, type Campaign } from '../api.ts';
import {
  formFieldOf,
  NEW_CAMPAIGN_DEFAULTS,
  SUMMER_TRADES,
  termsSentence,
  toCampaignBody,
  toFormValues,
  yuanToFen,
  type CampaignFormValues,
} from '../rules.ts';
import { RegionList, UnionList } from './pick-lists.tsx';

type Values = CampaignFormValues & { dates?: [string, string] | null };

const day = {
  getValueProps: (value: string | null | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null),
};
const range = {
  getValueProps: (value: [string, string] | null | undefined) => ({ value: value ? [dayjs(value[0]), dayjs(value[1])] : null }),
  normalize: (value: [Dayjs, Dayjs] | null) => (value ? [value[0].format('YYYY-MM-DD'), value[1].format('YYYY-MM-DD')] : null),
};

/** A new campaign (/campaigns/new) or a draft being changed (/campaigns/:id/edit). */
export function CampaignForm() {
  const { campaignId } = useParams();
  const { me } = useSession();
  const [draft, setDraft] = useState<Campaign | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!campaignId) return;
    campaignsApi
      .get(campaignId)
      .then(setDraft)
      .catch((error: unknown) => setProblem(problemText(error)));
  }, [campaignId]);

  // A new campaign is the staff member's own union's until they pick a union below it.
  if (!campaignId) return <FormBody initial={{ ...NEW_CAMPAIGN_DEFAULTS, orgId: me.org.id }} />;
  if (problem) return <Result status="warning" title={problem} />;
  if (!draft) return <Spin />;
  return <FormBody initial={toFormValues(draft)} draft={draft} />;
}

function FormBody({ initial, draft }: { initial: CampaignFormValues; draft?: Campaign }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const watched = Form.useWatch([], form) as Values | undefined;

  const initialValues = useMemo<Values>(
    () => ({ ...initial, dates: initial.startsOn && initial.endsOn ? [initial.startsOn, initial.endsOn] : null }),
    [initial],
  );

  const preview = useMemo(() => {
    const v = watched ?? initialValues;
    if (yuanToFen(v.thresholdYuan ?? '') === null || yuanToFen(v.discountYuan ?? '') === null) return null;
    if (v.budgetYuan?.trim() && yuanToFen(v.budgetYuan) === null) return null;
    return termsSentence(toCampaignBody({ ...v, releaseTime: v.releaseTime || '—' }));
  }, [watched, initialValues]);

  if (draft && draft.status !== 'draft') return <Result status="info" title={t('consoleCampaigns.form.notDraft')} />;

  const yuanRule = (optional: boolean) => ({
    validator: async (_: unknown, value: string | undefined) => {
      if (optional && !value?.trim()) return;
      if (yuanToFen(value ?? '') === null) throw new Error(t('consoleCampaigns.form.yuanInvalid'));
    },
  });

  const submit = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    const body = toCampaignBody({ ...values, startsOn: values.dates?.[0] ?? '', endsOn: values.dates?.[1] ?? '' });
    try {
      const saved = draft ? await campaignsApi.update(draft.id, body) : await campaignsApi.create(body);
      void message.success(t('consoleCampaigns.form.saved'));
      void navigate(`/campaigns/${saved.id}`);
    } catch (error) {
      // campaigns.invalid / common.validation_failed name the fields at fault: each message under its box.
      const byField = new Map<string, string[]>();
      const rest: string[] = [];
      const known = new Set(Object.keys(form.getFieldsValue(true) as object));
      for (const item of error instanceof ApiError ? error.errors : []) {
        const field = formFieldOf(item.field);
        if (field && known.has(field)) byField.set(field, [...(byField.get(field) ?? []), item.message]);
        else rest.push(item.message);
      }
      form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof Values, errors })));
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={(values) => void submit(values)}
      data-testid="campaign-form"
      className="gh-campaign-form"
    >
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {draft ? t('consoleCampaigns.form.editTitle') : t('consoleCampaigns.form.newTitle')}
      </Typography.Title>
      {problem && (
        <Alert
          type="error"
          showIcon
          className="gh-form-alert"
          title={problem.title}
          description={problem.items.length > 0 ? problem.items.join('；') : undefined}
          data-testid="campaign-form-error"
        />
      )}
      <Card size="small" title={t('consoleCampaigns.form.sectionBasics')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="orgId"
              label={t('consoleCampaigns.form.owner')}
              extra={t('consoleCampaigns.form.ownerHint')}
              rules={[{ required: true, message: t('consoleCampaigns.form.ownerRequired') }]}
            >
              <UnionPicker placeholder={t('consoleCampaigns.form.ownerPlaceholder')} data-testid="campaign-owner" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('consoleCampaigns.form.name')}
              rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('consoleCampaigns.form.nameRequired') }]}
            >
              <Input placeholder={t('consoleCampaigns.form.namePlaceholder')} maxLength={60} data-testid="campaign-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('consoleCampaigns.form.description')} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('consoleCampaigns.form.descriptionPlaceholder')} />
        </Form.Item>
      </Card>

      <Card size="small" title={t('consoleCampaigns.form.sectionWho')} style={{ marginBottom: 16 }}>
        <Form.Item
          label={
            <Space>
              {t('consoleCampaigns.form.trades')}
              <Button
                type="link"
                size="small"
                onClick={() => form.setFieldsValue({ trades: [...SUMMER_TRADES] })}
                data-testid="campaign-trades-preset"
              >
                {t('consoleCampaigns.form.tradesPreset')}
              </Button>
            </Space>
          }
        >
          <Form.Item name="trades" noStyle>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('consoleCampaigns.form.tradesPlaceholder')}
              options={TRADES.map((trade) => ({ value: trade, label: t(`enums.trade.${trade}`) }))}
              data-testid="campaign-trades"
            />
          </Form.Item>
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="newFormOnly" valuePropName="checked" label=" ">
              <Checkbox>{t('consoleCampaigns.form.newFormOnly')}</Checkbox>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="joinedOnOrAfter" label={t('consoleCampaigns.form.joinedOnOrAfter')} {...day}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="joinedOnOrBefore"
              label={t('consoleCampaigns.form.joinedOnOrBefore')}
              {...day}
              extra={t('consoleCampaigns.form.joinedHint')}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="regionCodes" label={t('consoleCampaigns.form.regions')} extra={t('consoleCampaigns.form.regionsHint')}>
              <RegionList />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="unionIds" label={t('consoleCampaigns.form.unions')} extra={t('consoleCampaigns.form.unionsHint')}>
              <UnionList />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('consoleCampaigns.form.sectionCoupon')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item
              name="thresholdYuan"
              label={t('consoleCampaigns.form.threshold')}
              extra={t('consoleCampaigns.form.thresholdHint')}
              rules={[yuanRule(false)]}
            >
              <Input inputMode="decimal" prefix="¥" data-testid="campaign-threshold" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="discountYuan" label={t('consoleCampaigns.form.discount')} rules={[yuanRule(false)]}>
              <Input inputMode="decimal" prefix="¥" data-testid="campaign-discount" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="dailyQuota" label={t('consoleCampaigns.form.dailyQuota')}>
              <InputNumber<number>
                min={1}
                max={10_000_000}
                precision={0}
                style={{ width: '100%' }}
                placeholder={t('consoleCampaigns.form.dailyQuotaUnlimited')}
                data-testid="campaign-quota"
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="releaseTime"
              label={t('consoleCampaigns.form.releaseTime')}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('consoleCampaigns.form.releaseTimeInvalid') }]}
            >
              <Input placeholder="10:00" maxLength={5} data-testid="campaign-release" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t('consoleCampaigns.form.perMember')} required>
              <Space.Compact>
                <Form.Item name="perMemberPeriod" noStyle>
                  <Select
                    style={{ width: 120 }}
                    options={[
                      { value: 'day', label: t('consoleCampaigns.form.perMemberDay') },
                      { value: 'campaign', label: t('consoleCampaigns.form.perMemberCampaign') },
                    ]}
                    data-testid="campaign-period"
                  />
                </Form.Item>
                <Form.Item name="perMemberLimit" noStyle rules={[{ required: true }]}>
                  <InputNumber<number> min={1} max={100} precision={0} style={{ width: 100 }} data-testid="campaign-limit" />
                </Form.Item>
                <Space.Addon>{t('consoleCampaigns.form.perMemberUnit')}</Space.Addon>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="validDays" label={t('consoleCampaigns.form.validDays')} rules={[{ required: true }]}>
              <InputNumber<number>
                min={1}
                max={366}
                precision={0}
                style={{ width: '100%' }}
                suffix={t('consoleCampaigns.form.validDaysUnit')}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="requireSmsCode" valuePropName="checked" label=" " extra={t('consoleCampaigns.form.requireSmsCodeHint')}>
              <Checkbox>{t('consoleCampaigns.form.requireSmsCode')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('consoleCampaigns.form.sectionDates')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="dates"
              label={t('consoleCampaigns.form.dates')}
              rules={[{ required: true, message: t('consoleCampaigns.form.datesRequired') }]}
              {...range}
            >
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="campaign-dates" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="budgetYuan" label={t('consoleCampaigns.form.budget')} rules={[yuanRule(true)]}>
              <Input
                inputMode="decimal"
                prefix="¥"
                placeholder={t('consoleCampaigns.form.budgetPlaceholder')}
                data-testid="campaign-budget"
              />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      {preview && (
        <Alert
          type="info"
          showIcon
          title={t('consoleCampaigns.form.preview')}
          description={preview}
          style={{ marginBottom: 16 }}
          data-testid="campaign-form-preview"
        />
      )}
      <Space>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="campaign-save">
          {t('consoleCampaigns.form.save')}
        </Button>
        <Button onClick={() => void navigate(draft ? `/campaigns/${draft.id}` : '/campaigns')}>{t('consoleCampaigns.form.cancel')}</Button>
      </Space>
    </Form>
  );
}
