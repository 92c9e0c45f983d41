import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Switch,
  Tooltip,
  Typography,
  type FormInstance,
} from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { useSession } from '../../../session.tsx';
import { ProblemAlert } from '../../funds/components/form-problem.tsx';
import { showProblemAt, type FormProblem } from '../../hardship/components/form-problem.ts';
import { parseYuan } from '../../hardship/rules.ts';
import { mutualAidApi, type BenefitKind } from '../api.ts';
import {
  BENEFIT_KINDS,
  benefitName,
  benefitText,
  DISEASES,
  diseaseName,
  MAX_BENEFITS,
  MAX_GRADES,
  newBenefit,
  PLAN_CODE,
  PLAN_TEMPLATES,
  planFieldOf,
  TEMPLATE_KEYS,
  toPlanBody,
  type BenefitValues,
  type PlanValues,
  type TemplateKey,
} from '../rules.ts';

const DAY = 'YYYY-MM-DD';

type FormValues = Omit<PlanValues, 'startOn'> & { startOn?: Dayjs | null };

function toValues(values: FormValues): PlanValues {
  return { ...values, startOn: values.startOn ? values.startOn.format(DAY) : '' };
}

/** The first day of next month: a plan's cycle usually starts on a month's first day. */
function nextMonthStart(): Dayjs {
  return dayjs().add(1, 'month').startOf('month');
}

/**
 * 举办计划: the union holding the plan (one of the staff member's subtree), its name and code, the day its
 * yearly cycles start, the price per share and the shares one may take, the waiting period, who may
 * enrol, what it pays (rows of the four kinds of benefit) and which claims a second reviewer checks.
 * Three published schemes fill the form in one click; the benefits are read back in words as typed.
 */
export function PlanForm() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [template, setTemplate] = useState<TemplateKey | null>(null);
  // preserve: the benefits' kinds have no box of their own, and only boxes are watched otherwise.
  const benefits = Form.useWatch<BenefitValues[] | undefined>('benefits', { form, preserve: true }) ?? [];
  const all = Form.useWatch<FormValues | undefined>([], { form, preserve: true });
  const k = 'consoleMutualAid.planForm';

  const applyTemplate = (key: TemplateKey) => {
    const current = form.getFieldsValue();
    form.setFieldsValue({
      ...PLAN_TEMPLATES[key],
      // A name not typed yet is the scheme's; a typed one stays.
      ...(current.name?.trim() ? {} : { name: t(`${k}.templates.${key}.name`) }),
      ...(current.code?.trim() ? {} : { code: t(`${k}.templates.${key}.code`) }),
    });
    form.setFields(Object.keys(PLAN_TEMPLATES[key]).map((name) => ({ name: name as keyof FormValues, errors: [] })));
    setTemplate(key);
  };

  const submit = async (values: FormValues) => {
    setProblem(null);
    const made = toPlanBody(toValues(values));
    if (!made.ok) {
      form.setFields(made.problems.map(([name, message]) => ({ name: name as never, errors: [message] })));
      setProblem({ title: t(`${k}.fix`, { count: made.problems.length }), items: [] });
      return;
    }
    setSaving(true);
    try {
      const plan = await mutualAidApi.createPlan(made.body);
      void message.success(t(`${k}.saved`, { name: plan.name }));
      void navigate(`/mutual-aid/plans?plan=${plan.id}`);
    } catch (error) {
      setProblem(showProblemAt(form, error, planFieldOf));
    } finally {
      setSaving(false);
    }
  };

  const preview = all ? toPlanBody(toValues(all)) : null;
  const usedKinds = new Set(benefits.map((b) => b.kind));
  return (
    <div className="gh-ma-plan-form" data-testid="mutual-aid-plan-form">
      <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/mutual-aid/plans')} className="gh-ma-back">
        {t(`${k}.back`)}
      </Button>
      <Card size="small" title={t(`${k}.templatesTitle`)} className="gh-ma-card">
        <Typography.Paragraph type="secondary" className="gh-ma-hint">
          {t(`${k}.templatesHint`)}
        </Typography.Paragraph>
        <Row gutter={[12, 12]}>
          {TEMPLATE_KEYS.map((key) => (
            <Col key={key} xs={24} md={8}>
              <button
                type="button"
                className={`gh-ma-template${template === key ? ' gh-ma-template-chosen' : ''}`}
                onClick={() => applyTemplate(key)}
                data-testid={`mutual-aid-plan-template-${key}`}
              >
                <Typography.Text strong>{t(`${k}.templates.${key}.title`)}</Typography.Text>
                <Typography.Text type="secondary" className="gh-ma-small">
                  {t(`${k}.templates.${key}.summary`)}
                </Typography.Text>
              </button>
            </Col>
          ))}
        </Row>
      </Card>

      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          orgId: me.org.id,
          startOn: nextMonthStart(),
          price: '',
          maxShares: 1,
          waitingDays: 0,
          minAge: 16,
          maxAge: 60,
          employed: true,
          women: false,
          healthDeclaration: false,
          benefits: [],
          secondReviewAbove: '10000',
          samplePct: 5,
        }}
        // Every value, boxed or not (a benefit's kind has no box): onFinish would pass the boxes' only.
        onFinish={() => void submit(form.getFieldsValue(true) as FormValues)}
        onValuesChange={(changed: Partial<FormValues>) => {
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof FormValues, errors: [] })));
        }}
      >
        <ProblemAlert problem={problem} testId="mutual-aid-plan-form-error" />
        <Card size="small" title={t(`${k}.basics`)} className="gh-ma-card">
          <Row gutter={16}>
            <Col xs={24} lg={8}>
              <Form.Item
                name="orgId"
                label={t(`${k}.org`)}
                extra={t(`${k}.orgHint`)}
                rules={[{ required: true, message: t(`${k}.orgRequired`) }]}
              >
                <OrgPicker data-testid="mutual-aid-plan-form-org" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item
                name="name"
                label={t(`${k}.name`)}
                rules={[{ required: true, whitespace: true, min: 2, max: 40, message: t(`${k}.nameRequired`) }]}
              >
                <Input maxLength={40} placeholder={t(`${k}.namePlaceholder`)} data-testid="mutual-aid-plan-form-name" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item
                name="code"
                label={t(`${k}.code`)}
                extra={t(`${k}.codeHint`)}
                normalize={(value: string | undefined) => value?.toUpperCase()}
                rules={[{ required: true, pattern: PLAN_CODE, message: t(`${k}.codeInvalid`) }]}
              >
                <Input maxLength={6} className="gh-mono" data-testid="mutual-aid-plan-form-code" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item
                name="startOn"
                label={t(`${k}.startOn`)}
                extra={t(`${k}.startOnHint`)}
                rules={[{ required: true, message: t(`${k}.startOnRequired`) }]}
              >
                <DatePicker format={DAY} allowClear={false} style={{ width: '100%' }} data-testid="mutual-aid-plan-form-start" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="description" label={t(`${k}.description`)}>
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  placeholder={t(`${k}.descriptionPlaceholder`)}
                  data-testid="mutual-aid-plan-form-description"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t(`${k}.terms`)} className="gh-ma-card">
          <Row gutter={16}>
            <Col xs={12} lg={4}>
              <Form.Item
                name="price"
                label={t(`${k}.price`)}
                required
                rules={[yuanRule(t(`${k}.priceInvalid`), 0)]}
                extra={<YuanPreview form={form} name="price" />}
              >
                <Input inputMode="decimal" suffix={t(`${k}.yuan`)} data-testid="mutual-aid-plan-form-price" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item name="maxShares" label={t(`${k}.maxShares`)} rules={[{ required: true, message: t(`${k}.numberRequired`) }]}>
                <InputNumber<number>
                  min={1}
                  max={10}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t(`${k}.shares`)}
                  data-testid="mutual-aid-plan-form-max-shares"
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item
                name="waitingDays"
                label={t(`${k}.waitingDays`)}
                extra={t(`${k}.waitingHint`)}
                rules={[{ required: true, message: t(`${k}.numberRequired`) }]}
              >
                <InputNumber<number>
                  min={0}
                  max={365}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t(`${k}.days`)}
                  data-testid="mutual-aid-plan-form-waiting"
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item label={t(`${k}.ages`)} required>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="minAge" noStyle rules={[{ required: true, message: t(`${k}.numberRequired`) }]}>
                    <InputNumber<number>
                      min={16}
                      max={70}
                      precision={0}
                      style={{ width: '50%' }}
                      data-testid="mutual-aid-plan-form-min-age"
                    />
                  </Form.Item>
                  <Form.Item name="maxAge" noStyle rules={[{ required: true, message: t(`${k}.numberRequired`) }]}>
                    <InputNumber<number>
                      min={16}
                      max={70}
                      precision={0}
                      style={{ width: '50%' }}
                      suffix={t(`${k}.years`)}
                      data-testid="mutual-aid-plan-form-max-age"
                    />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={24} lg={6}>
              <Form.Item label={t(`${k}.who`)}>
                <Space orientation="vertical" size={4}>
                  <Space size={8}>
                    <Form.Item name="employed" valuePropName="checked" noStyle>
                      <Switch size="small" data-testid="mutual-aid-plan-form-employed" />
                    </Form.Item>
                    <span>{t(`${k}.employed`)}</span>
                  </Space>
                  <Space size={8}>
                    <Form.Item name="women" valuePropName="checked" noStyle>
                      <Switch size="small" data-testid="mutual-aid-plan-form-women" />
                    </Form.Item>
                    <span>{t(`${k}.women`)}</span>
                  </Space>
                  <Space size={8}>
                    <Form.Item name="healthDeclaration" valuePropName="checked" noStyle>
                      <Switch size="small" data-testid="mutual-aid-plan-form-health" />
                    </Form.Item>
                    <span>{t(`${k}.healthDeclaration`)}</span>
                  </Space>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          title={t(`${k}.benefits`)}
          className="gh-ma-card"
          extra={
            <Space size={4} wrap>
              {BENEFIT_KINDS.map((kind) => (
                <Button
                  key={kind}
                  size="small"
                  icon={<PlusOutlined />}
                  disabled={usedKinds.has(kind) || benefits.length >= MAX_BENEFITS}
                  onClick={() => form.setFieldsValue({ benefits: [...benefits, newBenefit(kind)] })}
                  data-testid={`mutual-aid-plan-benefit-add-${kind}`}
                >
                  {benefitName(kind)}
                </Button>
              ))}
            </Space>
          }
        >
          <Form.List name="benefits">
            {(fields, { remove }, { errors }) => (
              <div className="gh-ma-benefit-rows">
                {fields.length === 0 && (
                  <Typography.Text type="secondary" data-testid="mutual-aid-plan-benefits-empty">
                    {t(`${k}.benefitsEmpty`)}
                  </Typography.Text>
                )}
                {fields.map((field) => (
                  <BenefitRow
                    key={field.key}
                    form={form}
                    at={field.name}
                    kind={benefits[field.name]?.kind}
                    onRemove={() => remove(field.name)}
                  />
                ))}
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t(`${k}.review`)} className="gh-ma-card">
          <Row gutter={16}>
            <Col xs={12} lg={6}>
              <Form.Item
                name="secondReviewAbove"
                label={t(`${k}.secondReviewAbove`)}
                extra={<YuanPreview form={form} name="secondReviewAbove" fallback={t(`${k}.secondReviewHint`)} />}
                required
                rules={[yuanRule(t(`${k}.secondReviewInvalid`), 0)]}
              >
                <Input inputMode="decimal" suffix={t(`${k}.yuan`)} data-testid="mutual-aid-plan-form-second-review" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="samplePct" label={t(`${k}.samplePct`)} extra={t(`${k}.sampleHint`)}>
                <InputNumber<number>
                  min={0}
                  max={100}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix="%"
                  data-testid="mutual-aid-plan-form-sample"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t(`${k}.preview`)} className="gh-ma-card" data-testid="mutual-aid-plan-form-preview">
          {preview?.ok ? (
            <ul className="gh-ma-benefits">
              {preview.body.rule.benefits.map((b) => (
                <li key={b.kind}>{benefitText(b)}</li>
              ))}
            </ul>
          ) : (
            <Typography.Text type="secondary">{t(`${k}.previewEmpty`)}</Typography.Text>
          )}
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="mutual-aid-plan-form-submit">
            {t(`${k}.submit`)}
          </Button>
          <Button onClick={() => void navigate('/mutual-aid/plans')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}

function yuanRule(message: string, minFen: number) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      const parsed = parseYuan(value);
      if (!parsed?.ok || parsed.fen < minFen) throw new Error(message);
    },
  };
}

/** Under a yuan box: the amount as it will be kept (¥5,000.00), or a hint while nothing is typed. */
function YuanPreview({ form, name, fallback }: { form: FormInstance<FormValues>; name: (string | number)[] | string; fallback?: string }) {
  const { t } = useTranslation();
  const typed = Form.useWatch<string | undefined>(name, form);
  const parsed = parseYuan(typed);
  if (parsed?.ok) return <span>{t('consoleMutualAid.planForm.booked', { amount: formatFen(parsed.fen) })}</span>;
  return fallback ? <span>{fallback}</span> : null;
}

/** One benefit of the plan: its kind's numbers (rate, times a cycle, cap; for a first diagnosis the diseases and the sum per share by grade). */
function BenefitRow({
  form,
  at,
  kind,
  onRemove,
}: {
  form: FormInstance<FormValues>;
  at: number;
  kind: BenefitKind | undefined;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const k = 'consoleMutualAid.planForm';
  const id = (part: string) => `mutual-aid-plan-benefit-${at}-${part}`;
  if (!kind) return null;
  const rate = (
    <Form.Item name={[at, 'ratePct']} label={t(`${k}.ratePct`)} rules={[{ required: true, message: t(`${k}.rateInvalid`) }]}>
      <InputNumber<number> min={1} max={100} precision={0} style={{ width: '100%' }} suffix="%" data-testid={id('rate')} />
    </Form.Item>
  );
  const times = (
    <Form.Item name={[at, 'timesPerCycle']} label={t(`${k}.timesPerCycle`)} rules={[{ required: true, message: t(`${k}.timesInvalid`) }]}>
      <InputNumber<number> min={1} max={12} precision={0} style={{ width: '100%' }} suffix={t(`${k}.times`)} data-testid={id('times')} />
    </Form.Item>
  );
  const cap = (
    <Form.Item
      name={[at, 'cap']}
      label={t(`${k}.cap`)}
      required
      rules={[yuanRule(t(`${k}.capInvalid`), 100)]}
      extra={<YuanPreview form={form} name={['benefits', at, 'cap']} />}
    >
      <Input inputMode="decimal" suffix={t(`${k}.yuan`)} data-testid={id('cap')} />
    </Form.Item>
  );
  return (
    <div className="gh-ma-benefit-row" data-testid={`mutual-aid-plan-benefit-${at}`} data-kind={kind}>
      <div className="gh-ma-benefit-head">
        <Typography.Text strong>{benefitName(kind)}</Typography.Text>
        <Typography.Text type="secondary" className="gh-ma-small">
          {t(`${k}.kindHint.${kind}`)}
        </Typography.Text>
        <Tooltip title={t(`${k}.remove`)}>
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid={id('remove')} />
        </Tooltip>
      </div>
      <Row gutter={16}>
        {(kind === 'hospital' || kind === 'above_ceiling') && (
          <>
            <Col xs={12} lg={4}>
              {rate}
            </Col>
            <Col xs={12} lg={4}>
              {times}
            </Col>
          </>
        )}
        {(kind === 'above_ceiling' || kind === 'self_paid_full') && (
          <Col xs={12} lg={6}>
            {cap}
          </Col>
        )}
        {kind === 'first_diagnosis' && (
          <>
            <Col xs={24} lg={16}>
              <DiseasesItem form={form} at={at} />
            </Col>
            <Col xs={24} lg={8}>
              <GradesItem at={at} />
              {times}
            </Col>
          </>
        )}
      </Row>
    </div>
  );
}

function DiseasesItem({ form, at }: { form: FormInstance<FormValues>; at: number }) {
  const { t } = useTranslation();
  const k = 'consoleMutualAid.planForm';
  const chosen = Form.useWatch<BenefitValues['diseases']>(['benefits', at, 'diseases'], form) ?? [];
  const setAll = (all: boolean) => {
    const benefits = [...(form.getFieldValue('benefits') as BenefitValues[])];
    benefits[at] = { ...(benefits[at] as BenefitValues), diseases: all ? [...DISEASES] : [] };
    form.setFieldsValue({ benefits });
  };
  return (
    <Form.Item
      name={[at, 'diseases']}
      label={
        <Space size={8}>
          <span>{t(`${k}.diseases`, { count: chosen.length, total: DISEASES.length })}</span>
          <Typography.Link
            onClick={() => setAll(chosen.length < DISEASES.length)}
            data-testid={`mutual-aid-plan-benefit-${at}-diseases-all`}
          >
            {chosen.length < DISEASES.length ? t(`${k}.diseasesAll`) : t(`${k}.diseasesNone`)}
          </Typography.Link>
        </Space>
      }
      rules={[{ required: true, type: 'array', min: 1, message: t(`${k}.diseasesRequired`) }]}
    >
      <Checkbox.Group className="gh-ma-diseases" data-testid={`mutual-aid-plan-benefit-${at}-diseases`}>
        {DISEASES.map((d) => (
          <Checkbox key={d} value={d}>
            {diseaseName(d)}
          </Checkbox>
        ))}
      </Checkbox.Group>
    </Form.Item>
  );
}

function GradesItem({ at }: { at: number }) {
  const { t } = useTranslation();
  const k = 'consoleMutualAid.planForm';
  return (
    <Form.Item label={t(`${k}.grades`)} required extra={t(`${k}.gradesHint`)}>
      <Form.List name={[at, 'grades']}>
        {(fields, { add, remove }, { errors }) => (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            {fields.map((field) => (
              <Space key={field.key} size={4} align="start">
                <Form.Item name={field.name} noStyle rules={[yuanRule(t(`${k}.gradesInvalid`), 100)]}>
                  <Input
                    inputMode="decimal"
                    prefix={t(`${k}.gradeLabel`, { grade: field.name + 1 })}
                    suffix={t(`${k}.yuanPerShare`)}
                    style={{ width: 230 }}
                    data-testid={`mutual-aid-plan-benefit-${at}-grade-${field.name}`}
                  />
                </Form.Item>
                {fields.length > 1 && <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />}
              </Space>
            ))}
            {fields.length < MAX_GRADES && (
              <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                {t(`${k}.addGrade`)}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}
