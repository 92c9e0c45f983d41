import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Result, Row, Space, Table, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ProblemItem } from '../../../../../shared/api.ts';
import { formatFen } from '../../../../../shared/format.ts';
import { FileDrop } from '../../../components/import/file-drop.tsx';
import { uploadType } from '../../../components/import/read-head.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { problemText } from '../../../components/problem-text.ts';
import { useSession } from '../../../session.tsx';
import { mutualAidApi, type GroupResult } from '../api.ts';
import { groupTemplateCsv, priceText } from '../rules.ts';
import { PlanSelect, useChosenPlan, usePlans } from '../use-plans.tsx';

type Outcome = { kind: 'done'; result: GroupResult; fileName: string } | { kind: 'refused'; title: string; problems: ProblemItem[] };

function saveText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * 团体参保: a union (or an employer through it) pays for a list of its members at once. Choose the plan,
 * the paying union and the payer's name, and the list (.xlsx or .csv: 姓名, 身份证号, 份数). Everyone on
 * it is enrolled, or — with any bad row — nobody: then every bad row is listed (行, 列, 问题) to fix in
 * the file beside it.
 */
export function GroupsTab() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { plans, problem: plansProblem } = usePlans();
  const [plan, choose] = useChosenPlan(plans);
  const [orgId, setOrgId] = useState<string>(me.org.id);
  const [payerName, setPayerName] = useState<string>(me.org.name);
  const [file, setFile] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const k = 'consoleMutualAid.groups';
  const groupColumns = t(`${k}.columns`).split(',');

  const payerOk = payerName.trim().length >= 2;
  const send = async () => {
    if (!plan || !file || !payerOk) return;
    setSending(true);
    setProblem(null);
    setOutcome(null);
    try {
      const result = await mutualAidApi.enrolGroup(plan.id, file, uploadType(file), { orgId, payerName: payerName.trim() });
      setOutcome({ kind: 'done', result, fileName: file.name });
      setFile(null);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'mutual-aid.group_refused' && error.errors.length > 0) {
        setOutcome({ kind: 'refused', title: error.title, problems: error.errors });
      } else setProblem(problemText(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <div data-testid="mutual-aid-groups">
      {plansProblem && <Alert type="error" showIcon title={plansProblem} className="gh-form-alert" />}
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={t(`${k}.title`)}
            className="gh-ma-card"
            extra={
              <Button
                size="small"
                type="link"
                icon={<DownloadOutlined />}
                onClick={() => saveText(groupTemplateCsv(groupColumns), t(`${k}.templateName`))}
                data-testid="mutual-aid-group-template"
              >
                {t(`${k}.template`)}
              </Button>
            }
          >
            <Form layout="vertical" component="div">
              <Form.Item
                label={t(`${k}.plan`)}
                required
                extra={plan ? t(`${k}.planHint`, { price: priceText(plan.rule), org: plan.orgName }) : undefined}
              >
                <PlanSelect plans={plans} value={plan?.id} onChange={choose} testId="mutual-aid-group-plan" width={400} />
              </Form.Item>
              <Form.Item label={t(`${k}.org`)} required extra={t(`${k}.orgHint`)}>
                <OrgPicker
                  value={orgId}
                  onChange={(id, org) => {
                    if (!id) return;
                    setOrgId(id);
                    // The payer's name follows the union until it is typed over.
                    if (org && (payerName === '' || payerName === me.org.name)) setPayerName(org.name);
                  }}
                  data-testid="mutual-aid-group-org"
                />
              </Form.Item>
              <Form.Item
                label={t(`${k}.payer`)}
                required
                extra={t(`${k}.payerHint`)}
                validateStatus={payerOk ? undefined : 'error'}
                help={payerOk ? undefined : t(`${k}.payerRequired`)}
              >
                <Input
                  value={payerName}
                  maxLength={60}
                  onChange={(e) => setPayerName(e.target.value)}
                  data-testid="mutual-aid-group-payer"
                />
              </Form.Item>
            </Form>
            <FileDrop
              file={file}
              onChange={(chosen) => {
                setFile(chosen);
                setOutcome(null);
              }}
              onProblem={setProblem}
              limitBytes={null}
              testId="mutual-aid-group-file"
              limitTestId="mutual-aid-group-limit"
            />
            <ul className="gh-ma-group-notes">
              <li>{t(`${k}.noteColumns`, { columns: groupColumns.join('、') })}</li>
              <li>{t(`${k}.noteMembers`)}</li>
              <li>{t(`${k}.noteAll`)}</li>
            </ul>
            {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="mutual-aid-group-error" />}
            <Button
              type="primary"
              icon={<UploadOutlined />}
              disabled={!plan || !file || !payerOk}
              loading={sending}
              onClick={() => void send()}
              data-testid="mutual-aid-group-submit"
            >
              {t(`${k}.submit`)}
            </Button>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          {outcome?.kind === 'done' && (
            <Card size="small" className="gh-ma-card">
              <Result
                status="success"
                title={t(`${k}.doneTitle`, { count: outcome.result.people })}
                subTitle={t(`${k}.done`, {
                  file: outcome.fileName,
                  payer: outcome.result.payerName,
                  count: outcome.result.people,
                  amount: formatFen(outcome.result.totalFen),
                  start: outcome.result.cycleStart,
                  end: outcome.result.cycleEnd,
                })}
                data-testid="mutual-aid-group-done"
              />
            </Card>
          )}
          {outcome?.kind === 'refused' && (
            <Card size="small" className="gh-ma-card" title={t(`${k}.refusedTitle`)}>
              <Alert type="error" showIcon title={outcome.title} className="gh-form-alert" data-testid="mutual-aid-group-refused" />
              <Table<ProblemItem & { key: number }>
                size="small"
                rowKey="key"
                dataSource={outcome.problems.map((p, key) => ({ ...p, key }))}
                pagination={outcome.problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                data-testid="mutual-aid-group-problems"
                columns={[
                  { key: 'row', title: t(`${k}.col.row`), dataIndex: 'row', width: 70, align: 'right' },
                  { key: 'column', title: t(`${k}.col.column`), dataIndex: 'column', width: 110 },
                  { key: 'message', title: t(`${k}.col.message`), dataIndex: 'message' },
                ]}
              />
            </Card>
          )}
          {!outcome && (
            <Card size="small" className="gh-ma-card" title={t(`${k}.howTitle`)}>
              <Space orientation="vertical" size={8}>
                <Typography.Text>{t(`${k}.how1`)}</Typography.Text>
                <Typography.Text>{t(`${k}.how2`)}</Typography.Text>
                <Typography.Text>{t(`${k}.how3`)}</Typography.Text>
                <Typography.Text type="secondary">{t(`${k}.how4`)}</Typography.Text>
              </Space>
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
