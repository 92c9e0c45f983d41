// The dialogs of a file's steps: 登记入户核查 (with its checklist), 审核 (pass with the category or
// reject), 发布公示, 审批建档, 登记异议 and 处理异议. Each sends one request; the file as the server
// returns it goes to `onDone`, and a refusal stays in the dialog in the server's words.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Tooltip,
  Typography,
  type FormInstance,
} from 'antd';
import { CheckOutlined, CloseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { shanghaiToday } from '../../../../../shared/id-number.ts';
import { useSession } from '../../../session.tsx';
import { hardshipApi, type FileDetail, type HardshipCategory, type PeriodicReviewBody, type Settings } from '../api.ts';
import { defaultChecklist, fenToYuanText, HARDSHIP_CATEGORIES, parseYuan, stepPathOf, type FieldPath, type Objection } from '../rules.ts';
import { showProblemAt, type FormProblem } from './form-problem.ts';
import { StepModal } from './step-modal.tsx';
import { CategoryTag } from './words.tsx';

const DAY = 'YYYY-MM-DD';

interface StepProps {
  file: FileDetail;
  onDone: (file: FileDetail) => void;
  onClose: () => void;
}

/** Runs a step's request, keeping the dialog's saving state and the server's problem (under the form's boxes where it names one). */
function useStep<V>(form: FormInstance<V> | null, pathOf: (field: string | undefined) => FieldPath | null = () => null) {
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const run = async (call: () => Promise<FileDetail>, onDone: (file: FileDetail) => void) => {
    setSaving(true);
    setProblem(null);
    try {
      onDone(await call());
    } catch (error) {
      setProblem(showProblemAt(form, error, pathOf));
    } finally {
      setSaving(false);
    }
  };
  return { saving, problem, run };
}

interface VisitValues {
  visitedOn: string;
  visitors: string[];
  checklist: { item: string; ok: boolean; note?: string }[];
  notes?: string;
}

/** 登记入户核查: the day, who went, each point of the checklist found true or not (with a note), and what they saw. */
export function VisitDialog({ file, onDone, onClose }: StepProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [form] = Form.useForm<VisitValues>();
  const step = useStep(form, stepPathOf(['visitedOn', 'visitors', 'checklist', 'notes'], ['checklist']));
  const checklist = (Form.useWatch('checklist', form) as VisitValues['checklist'] | undefined) ?? [];
  const today = shanghaiToday();
  const k = 'consoleHardship.visit';

  const submit = (values: VisitValues) =>
    step.run(
      () =>
        hardshipApi.visit(file.id, {
          visitedOn: values.visitedOn,
          visitors: values.visitors.map((v) => v.trim()).filter(Boolean),
          checklist: values.checklist.map((c) => ({ item: c.item.trim(), ok: c.ok, note: c.note?.trim() ? c.note.trim() : null })),
          notes: values.notes?.trim() ? values.notes.trim() : null,
        }),
      onDone,
    );

  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="hardship-visit"
      width={760}
      saving={step.saving}
      problem={step.problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form<VisitValues>
        form={form}
        layout="vertical"
        initialValues={{ visitedOn: today, visitors: [me.displayName], checklist: defaultChecklist(), notes: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<VisitValues>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof VisitValues, errors: [] })))
        }
      >
        <Space size={16} align="start" wrap>
          <Form.Item
            name="visitedOn"
            label={t(`${k}.visitedOn`)}
            rules={[{ required: true, message: t(`${k}.visitedOnRequired`) }]}
            getValueProps={(value: string | undefined) => ({ value: value ? dayjs(value, DAY) : null })}
            normalize={(value: Dayjs | null) => (value ? value.format(DAY) : undefined)}
          >
            <DatePicker format={DAY} allowClear={false} disabledDate={(d) => d.format(DAY) > today} data-testid="hardship-visit-on" />
          </Form.Item>
          <Form.Item
            name="visitors"
            label={t(`${k}.visitors`)}
            style={{ minWidth: 420 }}
            rules={[
              { required: true, type: 'array', min: 1, message: t(`${k}.visitorsRequired`) },
              { type: 'array', max: 5, message: t(`${k}.visitorsTooMany`) },
            ]}
          >
            <Select<string[]>
              mode="tags"
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', '，', '、']}
              placeholder={t(`${k}.visitorsPlaceholder`)}
              data-testid="hardship-visit-visitors"
            />
          </Form.Item>
        </Space>
        <div className="gh-hardship-checklist-head">
          <Typography.Text strong>{t(`${k}.checklist`)}</Typography.Text>
          <Typography.Text type="secondary" className="gh-hardship-small">
            {t(`${k}.checklistHint`)}
          </Typography.Text>
        </div>
        <Form.List name="checklist">
          {(fields, { add, remove }) => (
            <ol className="gh-hardship-checklist" data-testid="hardship-visit-checklist">
              {fields.map((field, index) => {
                const notOk = checklist[index]?.ok === false;
                return (
                  <li key={field.key} className={notOk ? 'is-not-ok' : undefined} data-testid={`hardship-visit-item-${index}`}>
                    <Form.Item name={[field.name, 'item']} rules={[{ required: true, whitespace: true, message: t(`${k}.itemRequired`) }]}>
                      <Input maxLength={60} variant="borderless" className="gh-hardship-checklist-item" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'ok']}>
                      <Radio.Group optionType="button" buttonStyle="solid" size="small">
                        <Radio.Button value={true} data-testid={`hardship-visit-item-${index}-ok`}>
                          <CheckOutlined /> {t(`${k}.ok`)}
                        </Radio.Button>
                        <Radio.Button value={false} data-testid={`hardship-visit-item-${index}-not-ok`}>
                          <CloseOutlined /> {t(`${k}.notOk`)}
                        </Radio.Button>
                      </Radio.Group>
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'note']}
                      rules={notOk ? [{ required: true, whitespace: true, message: t(`${k}.notePlaceholderNotOk`) }] : []}
                    >
                      <Input
                        size="small"
                        maxLength={200}
                        placeholder={notOk ? t(`${k}.notePlaceholderNotOk`) : t(`${k}.notePlaceholder`)}
                        data-testid={`hardship-visit-item-${index}-note`}
                      />
                    </Form.Item>
                    <Tooltip title={t('consoleHardship.register.remove')}>
                      <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                    </Tooltip>
                  </li>
                );
              })}
              <Button
                type="dashed"
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({ item: '', ok: true, note: '' })}
                disabled={fields.length >= 30}
              >
                {t(`${k}.addItem`)}
              </Button>
            </ol>
          )}
        </Form.List>
        <Form.Item name="notes" label={t(`${k}.notes`)} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={2} maxLength={1000} showCount placeholder={t(`${k}.notesPlaceholder`)} data-testid="hardship-visit-notes" />
        </Form.Item>
      </Form>
    </StepModal>
  );
}

interface ReviewValues {
  decision: 'pass' | 'reject';
  category?: HardshipCategory;
  reason: string;
}

/** 审核: pass with the rule's category (or another, which the reason must explain), or reject. */
export function ReviewDialog({ file, onDone, onClose }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReviewValues>();
  const step = useStep(form, stepPathOf(['decision', 'category', 'reason']));
  const decision = (Form.useWatch('decision', form) as ReviewValues['decision'] | undefined) ?? 'pass';
  const category = Form.useWatch('category', form) as HardshipCategory | undefined;
  const computed = file.computedCategory;
  const adjusted = decision === 'pass' && category !== undefined && category !== computed;
  const k = 'consoleHardship.review';

  const submit = (values: ReviewValues) =>
    step.run(
      () =>
        hardshipApi.review(file.id, {
          decision: values.decision,
          reason: values.reason.trim(),
          ...(values.decision === 'pass' && values.category && values.category !== computed ? { category: values.category } : {}),
        }),
      onDone,
    );

  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="hardship-review"
      danger={decision === 'reject'}
      saving={step.saving}
      problem={step.problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form<ReviewValues>
        form={form}
        layout="vertical"
        initialValues={{ decision: 'pass', ...(computed ? { category: computed } : {}), reason: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<ReviewValues>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof ReviewValues, errors: [] })))
        }
      >
        <Form.Item name="decision" label={t(`${k}.decision`)}>
          <Radio.Group>
            <Radio value="pass" data-testid="hardship-review-pass">
              {t(`${k}.pass`)}
            </Radio>
            <Radio value="reject" data-testid="hardship-review-reject">
              {t(`${k}.reject`)}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {decision === 'pass' && (
          <Form.Item
            name="category"
            label={t(`${k}.category`)}
            rules={[{ required: true, message: t(`${k}.categoryRequired`) }]}
            extra={
              <Space orientation="vertical" size={2}>
                <span>
                  {computed ? t(`${k}.computed`, { category: t(`consoleHardship.category.${computed}`) }) : t(`${k}.computedNone`)}
                </span>
                {adjusted && computed && <Typography.Text type="warning">{t(`${k}.adjusted`)}</Typography.Text>}
              </Space>
            }
          >
            <Select<HardshipCategory>
              style={{ maxWidth: 240 }}
              options={HARDSHIP_CATEGORIES.map((c) => ({ value: c, label: <CategoryTag category={c} /> }))}
              data-testid="hardship-review-category"
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={decision === 'reject' ? t(`${k}.reasonReject`) : adjusted ? t(`${k}.reasonAdjust`) : t(`${k}.reason`)}
          rules={[
            { required: true, whitespace: true, message: t(`${k}.reasonRequired`) },
            { min: 2, message: t(`${k}.reasonRequired`) },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t(`${k}.reasonPlaceholder`)}
            data-testid="hardship-review-reason"
          />
        </Form.Item>
      </Form>
    </StepModal>
  );
}

/** 发布公示: how many days the union's threshold sets, then the notice goes up from today. */
export function PublishDialog({ file, onDone, onClose }: StepProps) {
  const { t } = useTranslation();
  const step = useStep(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const k = 'consoleHardship.publish';

  useEffect(() => {
    let cancelled = false;
    hardshipApi
      .settings(file.orgId)
      .then((s) => !cancelled && setSettings(s))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [file.orgId]);

  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="hardship-publish"
      saving={step.saving}
      problem={step.problem}
      onOk={() => void step.run(() => hardshipApi.publishNotice(file.id), onDone)}
      onClose={onClose}
    >
      <FileFacts file={file} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {settings ? t(`${k}.hint`, { days: settings.noticeDays }) : t(`${k}.hintUnknown`)}
      </Typography.Paragraph>
    </StepModal>
  );
}

/** 审批建档: whether the notice is over, every objection settled and the union may approve is the server's to say. */
export function ApproveDialog({ file, onDone, onClose }: StepProps) {
  const { t } = useTranslation();
  const step = useStep(null);
  const k = 'consoleHardship.approve';
  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="hardship-approve"
      saving={step.saving}
      problem={step.problem}
      onOk={() => void step.run(() => hardshipApi.approve(file.id), onDone)}
      onClose={onClose}
    >
      <FileFacts file={file} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t(`${k}.hint`)}
      </Typography.Paragraph>
    </StepModal>
  );
}

interface PeriodicReviewValues {
  recheck: boolean;
  incomes: string[];
  outcome: PeriodicReviewBody['outcome'];
  category?: HardshipCategory;
  reason: string;
}

/**
 * 复核 (动态管理): the household's incomes as they are now, re-checked under today's threshold (people and
 * causes as the file records them, named by their place in it: staff see them masked), then continue,
 * change the category or 解困脱困. The rule's new finding comes back in the file's explanation.
 */
export function PeriodicReviewDialog({ file, onDone, onClose }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PeriodicReviewValues>();
  const step = useStep(form, stepPathOf(['outcome', 'category', 'reason']));
  const recheck = (Form.useWatch('recheck', form) as boolean | undefined) ?? true;
  const outcome = (Form.useWatch('outcome', form) as PeriodicReviewValues['outcome'] | undefined) ?? 'continue';
  const incomes = (Form.useWatch('incomes', form) as string[] | undefined) ?? [];
  const people = file.household.members;
  const parsed = incomes.map((text) => parseYuan(text));
  const totalFen = parsed.every((p) => p?.ok) ? parsed.reduce((sum, p) => sum + (p?.ok ? p.fen : 0), 0) : null;
  const k = 'consoleHardship.periodicReview';

  const submit = (values: PeriodicReviewValues) => {
    const fens = values.incomes.map((text) => parseYuan(text));
    const body: PeriodicReviewBody = {
      outcome: values.outcome,
      reason: values.reason.trim(),
      ...(values.outcome === 'change' && values.category ? { category: values.category } : {}),
      ...(values.recheck
        ? {
            recheck: {
              members: people.map((person, i) => ({
                recordedIndex: i,
                relation: person.relation,
                age: person.age,
                health: person.health,
                schooling: person.schooling,
                monthlyIncomeFen: fens[i]?.ok ? fens[i].fen : -1,
              })),
              declaredSize: people.length,
              declaredMonthlyIncomeFen: fens.reduce((sum, p) => sum + (p?.ok ? p.fen : 0), 0),
              causes: file.household.causes,
            },
          }
        : {}),
    };
    return step.run(() => hardshipApi.periodicReview(file.id, body), onDone);
  };

  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="hardship-periodic"
      danger={outcome === 'exit'}
      width={640}
      saving={step.saving}
      problem={step.problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <FileFacts file={file} />
      <Typography.Paragraph type="secondary">{t(`${k}.hint`)}</Typography.Paragraph>
      <Form<PeriodicReviewValues>
        form={form}
        layout="vertical"
        initialValues={{
          recheck: true,
          incomes: people.map((person) => fenToYuanText(person.monthlyIncomeFen)),
          outcome: 'continue',
          reason: '',
        }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="recheck" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="hardship-periodic-recheck">{t(`${k}.recheck`)}</Checkbox>
        </Form.Item>
        {recheck && (
          <div className="gh-hardship-recheck">
            <Typography.Text type="secondary">{t(`${k}.recheckHint`)}</Typography.Text>
            {people.map((person, i) => (
              <Form.Item
                key={`${person.relation}-${String(i)}`}
                name={['incomes', i]}
                label={`${person.name}（${t(`consoleHardship.relation.${person.relation}`)}）${t(`${k}.income`)}`}
                rules={[
                  {
                    validator: async (_rule, value: string) =>
                      parseYuan(value)?.ok ? undefined : Promise.reject(new Error(t('consoleHardship.register.incomeRequired'))),
                  },
                ]}
                style={{ marginBottom: 8 }}
              >
                <Input inputMode="decimal" style={{ maxWidth: 200 }} data-testid={`hardship-periodic-income-${String(i)}`} />
              </Form.Item>
            ))}
            {totalFen !== null && people.length > 0 && (
              <Typography.Paragraph data-testid="hardship-periodic-per-capita">
                {t(`${k}.perCapita`, { amount: fenToYuanText(Math.round(totalFen / people.length)) })}
              </Typography.Paragraph>
            )}
          </div>
        )}
        <Form.Item name="outcome" label={t(`${k}.outcome`)}>
          <Radio.Group>
            {(['continue', 'change', 'exit'] as const).map((value) => (
              <Radio key={value} value={value} data-testid={`hardship-periodic-${value}`}>
                {t(`${k}.${value}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {outcome === 'change' && (
          <Form.Item name="category" label={t(`${k}.category`)} rules={[{ required: true, message: t(`${k}.categoryRequired`) }]}>
            <Select<HardshipCategory>
              style={{ maxWidth: 240 }}
              options={HARDSHIP_CATEGORIES.filter((c) => c !== file.category).map((c) => ({
                value: c,
                label: <CategoryTag category={c} />,
              }))}
              data-testid="hardship-periodic-category"
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={outcome === 'exit' ? t(`${k}.reasonExit`) : t(`${k}.reason`)}
          rules={[
            { required: true, whitespace: true, message: t(`${k}.reasonRequired`) },
            { min: 2, message: t(`${k}.reasonRequired`) },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="hardship-periodic-reason" />
        </Form.Item>
      </Form>
    </StepModal>
  );
}

/** What a confirmation names: the file, its applicant, category and notice. */
function FileFacts({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      className="gh-hardship-facts"
      items={[
        { key: 'number', label: t('consoleHardship.list.fileNumber'), children: <span className="gh-mono">{file.fileNumber}</span> },
        { key: 'applicant', label: t('consoleHardship.list.applicant'), children: file.applicantName },
        { key: 'union', label: t('consoleHardship.list.union'), children: file.orgName },
        { key: 'category', label: t('consoleHardship.list.category'), children: <CategoryTag category={file.category} /> },
        ...(file.noticeEndsOn ? [{ key: 'notice', label: t('consoleHardship.view.noticeEndsOn'), children: file.noticeEndsOn }] : []),
      ]}
    />
  );
}

interface ObjectionValues {
  content: string;
  raisedBy?: string;
}

/** 登记异议: what was raised during the notice, and by whom if they gave a name. */
export function ObjectionDialog({ file, onDone, onClose }: StepProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ObjectionValues>();
  const step = useStep(form, stepPathOf(['content', 'raisedBy']));
  const k = 'consoleHardship.objection';
  const submit = (values: ObjectionValues) =>
    step.run(
      () =>
        hardshipApi.raiseObjection(file.id, {
          content: values.content.trim(),
          raisedBy: values.raisedBy?.trim() ? values.raisedBy.trim() : null,
        }),
      onDone,
    );
  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="hardship-object"
      saving={step.saving}
      problem={step.problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t(`${k}.hint`)}</Typography.Paragraph>
      <Form<ObjectionValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="content"
          label={t(`${k}.content`)}
          rules={[
            { required: true, whitespace: true, message: t(`${k}.contentRequired`) },
            { min: 2, message: t(`${k}.contentRequired`) },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder={t(`${k}.contentPlaceholder`)}
            data-testid="hardship-object-content"
          />
        </Form.Item>
        <Form.Item name="raisedBy" label={t(`${k}.raisedBy`)} style={{ marginBottom: 0 }}>
          <Input maxLength={60} placeholder={t(`${k}.raisedByPlaceholder`)} data-testid="hardship-object-raised-by" />
        </Form.Item>
      </Form>
    </StepModal>
  );
}

interface ResolveValues {
  upheld: boolean;
  resolution: string;
}

/** 处理异议: upheld withdraws the notice and sends the file back to the visit; dismissed lets the notice run on. */
export function ResolveDialog({ file, objection, onDone, onClose }: StepProps & { objection: Objection }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResolveValues>();
  const step = useStep(form, stepPathOf(['upheld', 'resolution']));
  const upheld = Form.useWatch('upheld', form) as boolean | undefined;
  const k = 'consoleHardship.objection';
  const submit = (values: ResolveValues) =>
    step.run(
      () => hardshipApi.resolveObjection(file.id, objection.id, { upheld: values.upheld, resolution: values.resolution.trim() }),
      onDone,
    );
  return (
    <StepModal
      title={t(`${k}.resolveTitle`)}
      okText={t(`${k}.resolveSubmit`)}
      testId="hardship-resolve"
      danger={upheld === true}
      saving={step.saving}
      problem={step.problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Alert
        type="info"
        className="gh-form-alert"
        title={objection.content}
        description={objection.raisedBy ? t(`${k}.raisedByName`, { name: objection.raisedBy }) : undefined}
      />
      <Form<ResolveValues>
        form={form}
        layout="vertical"
        initialValues={{ upheld: false, resolution: '' }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="upheld" label={t(`${k}.outcome`)} extra={upheld ? t(`${k}.upheldHint`) : t(`${k}.dismissedHint`)}>
          <Radio.Group>
            <Radio value={false} data-testid="hardship-resolve-dismissed">
              {t(`${k}.dismissed`)}
            </Radio>
            <Radio value={true} data-testid="hardship-resolve-upheld">
              {t(`${k}.upheld`)}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="resolution"
          label={t(`${k}.resolution`)}
          rules={[
            { required: true, whitespace: true, message: t(`${k}.resolutionRequired`) },
            { min: 2, message: t(`${k}.resolutionRequired`) },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t(`${k}.resolutionPlaceholder`)}
            data-testid="hardship-resolve-resolution"
          />
        </Form.Item>
      </Form>
    </StepModal>
  );
}
