import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { shanghaiToday } from '../../../../../shared/id-number.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { useSession } from '../../../session.tsx';
import { ProblemAlert } from '../../funds/components/form-problem.tsx';
import { hardshipApi, type Settings } from '../api.ts';
import {
  changedPaths,
  formPathOf,
  HARDSHIP_CAUSES,
  HEALTH,
  householdFigures,
  newMemberRow,
  newRegisterValues,
  parseYuan,
  RELATIONS,
  relativeLineFen,
  SCHOOLING,
  toFileBody,
  type MemberRow,
  type RegisterValues,
} from '../rules.ts';
import { showProblemAt, type FormProblem } from './form-problem.ts';

const DAY = 'YYYY-MM-DD';

/** An amount box's rule: blank is allowed where `required` is null, else what is typed must be yuan to the fen, zero or more. */
function yuanRule(required: string | null) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      const parsed = parseYuan(value);
      if (parsed === null) {
        if (required === null) return;
        throw new Error(required);
      }
      if (!parsed.ok) throw new Error(i18n.t(`consoleHardship.amount.${parsed.problem}`));
    },
  };
}

/**
 * 登记档案 (/hardship/new): staff enter a household after the home visit — the applicant with the
 * phone the process reports to, the union that keeps the file, every member with their income (the
 * size and the income add up as rows are entered), the causes with their dates and a sudden event's
 * burden. The server classifies it with its reasons; its problems appear under their boxes.
 */
export function RegisterForm() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const rows = (Form.useWatch('members', form) as MemberRow[] | undefined) ?? [];
  const orgId = Form.useWatch('orgId', form) as string | undefined;
  const lines = useLines(orgId);
  const figures = householdFigures(rows);
  const today = shanghaiToday();
  const k = 'consoleHardship.register';

  const submit = async (values: RegisterValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const file = await hardshipApi.create(toFileBody(values, me.org.id));
      void message.success(t(`${k}.created`, { number: file.fileNumber }));
      void navigate(`/hardship/${file.id}`, { replace: true });
    } catch (error) {
      setProblem(showProblemAt(form, error, formPathOf));
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<RegisterValues>
      form={form}
      layout="vertical"
      initialValues={newRegisterValues(me.org.id)}
      onFinish={(values) => void submit(values)}
      // A box changed is no longer what the server refused: its message goes.
      onValuesChange={(changed: Partial<RegisterValues>) =>
        form.setFields(changedPaths(changed).map((name) => ({ name: name as never, errors: [] })))
      }
      // Enter confirms a typed date or an option in a long form; only the button sends it.
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
      }}
      scrollToFirstError
      className="gh-hardship-register"
      data-testid="hardship-register"
    >
      <div className="gh-hardship-page-head">
        <Space size={12} align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/hardship')} data-testid="hardship-register-back">
            {t(`${k}.back`)}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t(`${k}.title`)}
          </Typography.Title>
        </Space>
        <Typography.Paragraph type="secondary" className="gh-hardship-hint">
          {t(`${k}.hint`)}
        </Typography.Paragraph>
      </div>

      <ProblemAlert problem={problem} testId="hardship-register-error" />

      <Card size="small" title={t(`${k}.applicant`)} className="gh-hardship-card gh-hardship-card-form">
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name={['applicant', 'name']}
              label={t(`${k}.name`)}
              rules={[{ required: true, whitespace: true, message: t(`${k}.nameRequired`) }]}
            >
              <Input maxLength={30} placeholder={t(`${k}.namePlaceholder`)} data-testid="hardship-applicant-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item
              name={['applicant', 'idNumber']}
              label={t(`${k}.idNumber`)}
              rules={[{ required: true, whitespace: true, message: t(`${k}.idNumberRequired`) }]}
            >
              <Input maxLength={18} className="gh-mono" placeholder={t(`${k}.idNumberPlaceholder`)} data-testid="hardship-applicant-id" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item
              name={['applicant', 'phone']}
              label={t(`${k}.phone`)}
              extra={t(`${k}.phoneHint`)}
              rules={[{ required: true, whitespace: true, message: t(`${k}.phoneRequired`) }]}
            >
              <Input
                maxLength={20}
                inputMode="tel"
                className="gh-mono"
                placeholder={t(`${k}.phonePlaceholder`)}
                data-testid="hardship-applicant-phone"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item
              name="orgId"
              label={t(`${k}.union`)}
              extra={t(`${k}.unionHint`)}
              rules={[{ required: true, message: t(`${k}.unionRequired`) }]}
            >
              <OrgPicker data-testid="hardship-union" />
            </Form.Item>
          </Col>
          <Col xs={24} md={15}>
            <Form.Item name="address" label={t(`${k}.address`)}>
              <Input maxLength={200} placeholder={t(`${k}.addressPlaceholder`)} data-testid="hardship-address" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card
        size="small"
        title={t(`${k}.household`)}
        className="gh-hardship-card"
        extra={<Typography.Text type="secondary">{t(`${k}.householdHint`)}</Typography.Text>}
      >
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <>
              <div className="gh-hardship-member-grid gh-hardship-member-head">
                <span>{t(`${k}.relation`)}</span>
                <span>{t(`${k}.memberName`)}</span>
                <span>{t(`${k}.memberId`)}</span>
                <span>{t(`${k}.age`)}</span>
                <span>{t(`${k}.health`)}</span>
                <span>{t(`${k}.schooling`)}</span>
                <span>{t(`${k}.income`)}</span>
                <span />
              </div>
              {fields.map((field, index) => {
                const self = rows[index]?.relation === 'self';
                return (
                  <div key={field.key} className="gh-hardship-member-grid" data-testid={`hardship-member-${index}`}>
                    <Form.Item name={[field.name, 'relation']}>
                      <Select
                        options={RELATIONS.map((r) => ({ value: r, label: t(`consoleHardship.relation.${r}`) }))}
                        data-testid={`hardship-member-${index}-relation`}
                      />
                    </Form.Item>
                    {self ? (
                      <>
                        <Form.Item name={[field.name, 'name']}>
                          <Input disabled placeholder={t(`${k}.sameAsApplicant`)} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'idNumber']}>
                          <Input disabled placeholder={t(`${k}.sameAsApplicant`)} />
                        </Form.Item>
                      </>
                    ) : (
                      <>
                        <Form.Item
                          name={[field.name, 'name']}
                          rules={[{ required: true, whitespace: true, message: t(`${k}.memberNameRequired`) }]}
                        >
                          <Input maxLength={30} data-testid={`hardship-member-${index}-name`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'idNumber']}>
                          <Input maxLength={18} className="gh-mono" data-testid={`hardship-member-${index}-id`} />
                        </Form.Item>
                      </>
                    )}
                    <Form.Item name={[field.name, 'age']} rules={[{ required: true, message: t(`${k}.ageRequired`) }]}>
                      <InputNumber<number>
                        min={0}
                        max={120}
                        precision={0}
                        style={{ width: '100%' }}
                        data-testid={`hardship-member-${index}-age`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'health']}>
                      <Select
                        options={HEALTH.map((h) => ({ value: h, label: t(`consoleHardship.health.${h}`) }))}
                        data-testid={`hardship-member-${index}-health`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'schooling']}>
                      <Select
                        options={SCHOOLING.map((s) => ({ value: s, label: t(`consoleHardship.schooling.${s}`) }))}
                        data-testid={`hardship-member-${index}-schooling`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'monthlyIncome']} rules={[yuanRule(t(`${k}.incomeRequired`))]}>
                      <Input inputMode="decimal" className="gh-hardship-money-input" data-testid={`hardship-member-${index}-income`} />
                    </Form.Item>
                    <Tooltip title={t(`${k}.remove`)}>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        disabled={fields.length === 1}
                        onClick={() => remove(field.name)}
                        aria-label={t(`${k}.remove`)}
                        data-testid={`hardship-member-${index}-remove`}
                      />
                    </Tooltip>
                  </div>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add(newMemberRow(rows.some((r) => r.relation === 'spouse') ? 'child' : 'spouse'))}
                disabled={fields.length >= 20}
                data-testid="hardship-member-add"
              >
                {t(`${k}.addMember`)}
              </Button>
            </>
          )}
        </Form.List>
        <div className="gh-hardship-figures gh-hardship-figures-total" data-testid="hardship-register-figures">
          <Figure label={t(`${k}.size`)} value={t(`${k}.sizeValue`, { count: figures.size })} testId="hardship-register-size" />
          <Figure label={t(`${k}.total`)} value={formatFen(figures.totalFen)} testId="hardship-register-total" />
          <Figure label={t(`${k}.perCapita`)} value={formatFen(figures.perCapitaFen)} testId="hardship-register-per-capita" strong />
          <Typography.Text type="secondary" className="gh-hardship-lines" data-testid="hardship-register-lines">
            {lines === 'loading'
              ? t(`${k}.linesLoading`)
              : lines === null
                ? t(`${k}.linesMissing`)
                : t(`${k}.lines`, {
                    deep: formatFen(lines.minimumLivingFen),
                    relative: formatFen(relativeLineFen(lines.minimumLivingFen, lines.relativeMultiple)),
                  })}
          </Typography.Text>
        </div>
      </Card>

      <Card size="small" title={t(`${k}.causes`)} className="gh-hardship-card">
        <Form.List name="causes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" size={8} className="gh-hardship-cause-row" data-testid={`hardship-cause-${index}`}>
                  <Form.Item
                    name={[field.name, 'cause']}
                    rules={[{ required: true, message: t(`${k}.causeRequired`) }]}
                    style={{ width: 200 }}
                  >
                    <Select
                      placeholder={t(`${k}.causePlaceholder`)}
                      options={HARDSHIP_CAUSES.map((c) => ({ value: c, label: t(`consoleHardship.cause.${c}`) }))}
                      data-testid={`hardship-cause-${index}-cause`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'since']}
                    rules={[{ required: true, message: t(`${k}.sinceRequired`) }]}
                    getValueProps={(value: string | undefined) => ({ value: value ? dayjs(value, DAY) : null })}
                    normalize={(value: Dayjs | null) => (value ? value.format(DAY) : undefined)}
                  >
                    <DatePicker
                      format={DAY}
                      placeholder={t(`${k}.since`)}
                      disabledDate={(d) => d.format(DAY) > today}
                      data-testid={`hardship-cause-${index}-since`}
                    />
                  </Form.Item>
                  <Tooltip title={t(`${k}.remove`)}>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t(`${k}.remove`)} />
                  </Tooltip>
                </Space>
              ))}
              <div>
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  disabled={fields.length >= HARDSHIP_CAUSES.length}
                  data-testid="hardship-cause-add"
                >
                  {t(`${k}.addCause`)}
                </Button>
              </div>
            </>
          )}
        </Form.List>
        <Form.Item
          name="oneOffBurden"
          label={t(`${k}.burden`)}
          extra={t(`${k}.burdenHint`)}
          rules={[yuanRule(null)]}
          style={{ marginTop: 16, marginBottom: 0, maxWidth: 420 }}
        >
          <Input inputMode="decimal" suffix={t('consoleHardship.amount.unit')} data-testid="hardship-burden" />
        </Form.Item>
      </Card>

      <div className="gh-hardship-submit">
        <Button onClick={() => void navigate('/hardship')}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="hardship-register-submit">
          {t(`${k}.submit`)}
        </Button>
      </div>
    </Form>
  );
}

function Figure({ label, value, testId, strong }: { label: string; value: string; testId: string; strong?: boolean }) {
  return (
    <div className="gh-hardship-figure">
      <Typography.Text type="secondary">{label}</Typography.Text>
      <span className={strong ? 'gh-hardship-money gh-hardship-money-strong' : 'gh-hardship-money'} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/** The threshold at the chosen union (its own or inherited), to read the per-capita income against; null when none is set. */
function useLines(orgId: string | undefined): Settings | null | 'loading' {
  const [lines, setLines] = useState<Settings | null | 'loading'>('loading');
  useEffect(() => {
    if (!orgId) return undefined;
    let cancelled = false;
    setLines('loading');
    hardshipApi
      .settings(orgId)
      .then((settings) => !cancelled && setLines(settings))
      .catch(() => !cancelled && setLines(null));
    return () => {
      cancelled = true;
    };
  }, [orgId]);
  return lines;
}
