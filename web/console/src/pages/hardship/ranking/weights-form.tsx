import { useState } from 'react';
import { Alert, App, Button, Form, InputNumber, Modal, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { ProblemAlert } from '../../funds/components/form-problem.tsx';
import { showProblemAt, type FormProblem } from '../components/form-problem.ts';
import { rankingApi, type Competition, type IndicatorCode } from './api.ts';
import {
  checkWeights,
  describedIn,
  formatShare,
  INDICATOR_CODES,
  toCompetitionBody,
  toWeightValues,
  weightProblem,
  weightShares,
  weightsFieldOf,
  weightsSource,
  weightsSourceText,
  type WeightProblem,
  type WeightValues,
} from './rules.ts';

function weightProblemText(problem: WeightProblem): string {
  return problem === 'weight_missing' ? i18n.t('consoleHardshipRanking.weights.missing') : i18n.t(`problems.hardship.${problem}`);
}

/**
 * 指标权重 of a union's competition: every indicator with its direction, unit and weight (0 leaves it out
 * of the score), the total and each one's share of the score as it is typed, and whose weights apply
 * now. The admin saves them as the union's own, or drops the union's own to inherit again; anyone else
 * reads them. The server's checks are made here first, in its words; a refusal still lands under the
 * box it names.
 */
export function WeightsForm({
  org,
  competition,
  readOnly,
  onSaved,
  onCleared,
  onClose,
}: {
  org: { id: string; name: string };
  competition: Competition;
  readOnly: boolean;
  onSaved: (saved: Competition) => void;
  /** The weights the union inherits once its own are dropped: the form stays open on them. */
  onCleared: (inherited: Competition) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<WeightValues>();
  const [values, setValues] = useState<WeightValues>(() => toWeightValues(competition.indicators));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [clearing, setClearing] = useState(false);
  const k = 'consoleHardshipRanking.weights';

  const { total, shares } = weightShares(values);
  const { allZero } = checkWeights(values);
  const source = weightsSource(competition, org.id);
  const sourceText = weightsSourceText(source, competition.orgName);

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    if (checkWeights(values).allZero) return;
    const body = toCompetitionBody(values);
    setSaving(true);
    setProblem(null);
    try {
      const saved = await rankingApi.setCompetition(org.id, body);
      void message.success(t(`${k}.saved`, { org: org.name }));
      onSaved(saved);
    } catch (error) {
      const sent = body.indicators.map((i) => i.code);
      setProblem(
        showProblemAt(form, error, (field) => {
          const code = weightsFieldOf(field, sent);
          return code ? [code] : null;
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  const clear = async () => {
    setClearing(true);
    setProblem(null);
    try {
      const inherited = await rankingApi.clearCompetition(org.id);
      // The boxes show what applies now; anything typed or refused was about the weights just dropped.
      const fresh = toWeightValues(inherited.indicators);
      form.resetFields();
      form.setFieldsValue(fresh);
      setValues(fresh);
      void message.success(
        t(`${k}.resetDone`, { org: org.name, source: weightsSourceText(weightsSource(inherited, org.id), inherited.orgName) }),
      );
      onCleared(inherited);
    } catch (error) {
      setProblem(showProblemAt(null, error, () => null));
    } finally {
      setClearing(false);
    }
  };

  return (
    <Modal
      open
      title={t(`${k}.title`, { org: org.name })}
      onCancel={onClose}
      mask={{ closable: false }}
      width={840}
      footer={
        readOnly
          ? [
              <Button key="close" onClick={onClose} data-testid="weights-cancel">
                {t('common.close')}
              </Button>,
            ]
          : [
              // Only the union's own weights can be dropped: inherited or default ones are not its to drop.
              source === 'own' && (
                <Popconfirm
                  key="reset"
                  title={t(`${k}.resetConfirm`)}
                  description={<div className="gh-weights-reset-text">{t(`${k}.resetConfirmText`, { org: org.name })}</div>}
                  okText={t(`${k}.resetOk`)}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'weights-reset-confirm' } as React.ComponentProps<typeof Button>}
                  onConfirm={() => void clear()}
                >
                  <Button danger loading={clearing} disabled={saving} className="gh-weights-reset" data-testid="weights-reset">
                    {t(`${k}.reset`)}
                  </Button>
                </Popconfirm>
              ),
              <Button key="cancel" onClick={onClose} data-testid="weights-cancel">
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={saving} disabled={clearing} onClick={() => void save()} data-testid="weights-submit">
                {t(`${k}.save`)}
              </Button>,
            ]
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="weights-form">
        <Alert
          type={source === 'own' ? 'success' : 'info'}
          showIcon
          data-testid="weights-source"
          data-source={source}
          title={t(`${k}.now`, { org: org.name, source: sourceText })}
          description={readOnly ? t(`${k}.readOnly`) : t(`${k}.scope`, { org: org.name })}
        />
        <ProblemAlert problem={problem} testId="weights-error" />
        <Typography.Text type="secondary">{t(`${k}.hint`)}</Typography.Text>
        <Form<WeightValues>
          form={form}
          initialValues={values}
          disabled={readOnly}
          onValuesChange={(changed: Partial<WeightValues>, all: WeightValues) => {
            setValues(all);
            // The server's word on a box stands only until the box is changed.
            form.setFields(Object.keys(changed).map((name) => ({ name: name as IndicatorCode, errors: [] })));
          }}
        >
          <Table<IndicatorCode>
            rowKey={(code) => code}
            size="small"
            bordered
            pagination={false}
            dataSource={[...INDICATOR_CODES]}
            data-testid="weights-table"
            onRow={(code) => ({ 'data-testid': `weights-row-${code}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'indicator',
                title: t(`${k}.col.indicator`),
                render: (_, code) => (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{t(`consoleHardshipRanking.indicator.${code}`)}</Typography.Text>
                    <Typography.Text type="secondary" className="gh-weights-about">
                      {t(`consoleHardshipRanking.legend.about.${code}`)}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                key: 'better',
                title: t(`${k}.col.better`),
                width: 92,
                render: (_, code) => {
                  const better = describedIn(competition.indicators, code)?.better;
                  return better ? <Tag bordered={false}>{t(`consoleHardshipRanking.legend.better.${better}`)}</Tag> : t('common.none');
                },
              },
              {
                key: 'unit',
                title: t(`${k}.col.unit`),
                width: 112,
                render: (_, code) => (
                  <span data-testid={`weights-unit-${code}`}>{describedIn(competition.indicators, code)?.unit ?? t('common.none')}</span>
                ),
              },
              {
                key: 'weight',
                title: t(`${k}.col.weight`),
                width: 150,
                render: (_, code) => (
                  <Form.Item
                    name={code}
                    className="gh-weights-item"
                    rules={[
                      {
                        validator: async (_rule, value: number | null | undefined) => {
                          const found = weightProblem(value);
                          if (found) throw new Error(weightProblemText(found));
                        },
                      },
                    ]}
                  >
                    <InputNumber<number>
                      step={1}
                      style={{ width: '100%' }}
                      aria-label={t(`consoleHardshipRanking.indicator.${code}`)}
                      data-testid={`weights-input-${code}`}
                    />
                  </Form.Item>
                ),
              },
              {
                key: 'share',
                title: t(`${k}.col.share`),
                width: 150,
                render: (_, code) => {
                  const share = shares[code];
                  return (
                    <div data-testid={`weights-share-${code}`}>
                      {share === null ? (
                        <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
                      ) : share === 0 ? (
                        <Typography.Text type="secondary">{t(`${k}.notCounted`)}</Typography.Text>
                      ) : (
                        <Space size={8} className="gh-weights-share">
                          <Progress percent={share * 100} size="small" showInfo={false} strokeColor="#c8102e" style={{ width: 56 }} />
                          <span>{formatShare(share)}</span>
                        </Space>
                      )}
                    </div>
                  );
                },
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>
                  <Typography.Text strong>{t(`${k}.total`)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3}>
                  <Typography.Text strong data-testid="weights-total">
                    {total ?? t('common.none')}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4}>
                  <Typography.Text strong>{total ? formatShare(1) : t('common.none')}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Form>
        {allZero && <Alert type="error" showIcon title={t('problems.hardship.indicators_none')} data-testid="weights-all-zero" />}
      </Space>
    </Modal>
  );
}
