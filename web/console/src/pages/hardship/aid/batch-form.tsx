import { useEffect, useMemo, useState } from 'react';
import { Alert, Col, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatFen } from '../../../../../shared/format.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import type { Fund } from '../../funds/api.ts';
import type { FileSummary } from '../api.ts';
import type { FormProblem } from '../components/form-problem.ts';
import { StepModal } from '../components/step-modal.tsx';
import { CategoryTag } from '../components/words.tsx';
import { fenToYuanText } from '../rules.ts';
import { aidApi, MAX_BATCH_HOUSEHOLDS, type AidBatch, type AidItem } from './api.ts';
import { amountOf, batchProblems, batchTotalFen, defaultBatchName, limitTexts } from './rules.ts';

interface Union {
  id: string;
  name: string;
}

function shanghaiYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

/**
 * 新建发放批次: one item paid by a union to filed households of its subtree, each at the item's standard
 * sum unless another is typed. The server checks every household against the item's yearly limits and
 * refuses the whole batch when one fails: its words go under each household's row, its title above.
 */
export function BatchForm({
  union: initialUnion,
  funds,
  onSaved,
  onClose,
}: {
  union: Union;
  funds: readonly Fund[];
  onSaved: (batch: AidBatch) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [union, setUnion] = useState<Union>(initialUnion);
  const [items, setItems] = useState<AidItem[] | null>(null);
  const [files, setFiles] = useState<FileSummary[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [itemId, setItemId] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [rowProblems, setRowProblems] = useState<Map<string, string[]>>(new Map());
  const [checked, setChecked] = useState(false);
  const k = 'consoleHardshipAid.batchForm';

  useEffect(() => {
    let live = true;
    setItems(null);
    setFiles(null);
    setLoadProblem(null);
    setSelected([]);
    setRowProblems(new Map());
    Promise.all([aidApi.items(union.id), aidApi.filedFiles(union.id)])
      .then(([found, filed]) => {
        if (!live) return;
        setItems(found.items);
        setFiles(filed);
        // The newest item is the one most often paid next.
        setItemId((current) => (found.items.some((i) => i.id === current) ? current : found.items[found.items.length - 1]?.id));
      })
      .catch((error: unknown) => live && setLoadProblem(errorText(error)));
    return () => {
      live = false;
    };
  }, [union.id]);

  const item = items?.find((i) => i.id === itemId) ?? null;
  const fund = item ? funds.find((f) => f.id === item.fundId) : undefined;
  useEffect(() => {
    if (item && !nameTouched) setName(defaultBatchName(item.name, shanghaiYear()));
  }, [item, nameTouched]);

  const totalFen = item ? batchTotalFen(selected, typed, item.defaultAmountFen) : 0;
  const badAmounts = useMemo(() => selected.filter((id) => !amountOf(typed[id]).ok), [selected, typed]);
  const nameOk = name.trim().length >= 2;

  const submit = async () => {
    setChecked(true);
    if (!item || selected.length === 0 || badAmounts.length > 0 || !nameOk) return;
    // The households in the table's order: the server names each by its place in this list.
    const sent = (files ?? []).map((f) => f.id).filter((id) => selected.includes(id));
    setSaving(true);
    setProblem(null);
    setRowProblems(new Map());
    try {
      onSaved(
        await aidApi.createBatch({
          orgId: union.id,
          itemId: item.id,
          name: name.trim(),
          aids: sent.map((fileId) => {
            const amount = amountOf(typed[fileId]);
            return { fileId, amountFen: amount.ok ? amount.fen : null };
          }),
        }),
      );
    } catch (error) {
      // A refusal names households by their place in the batch: their rows turn red and the server's
      // words for each are listed under its title (the rows may be scrolled out of sight).
      const { byFile, rest } = batchProblems(error, sent);
      setRowProblems(byFile);
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  const refusedFiles = (files ?? []).filter((f) => rowProblems.has(f.id));
  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="aid-batch-form"
      saving={saving}
      problem={problem}
      width={1040}
      onOk={() => void submit()}
      onClose={onClose}
    >
      {refusedFiles.length > 0 && (
        <ul className="gh-aid-refusals" data-testid="aid-batch-refusals">
          {refusedFiles.flatMap((f) =>
            (rowProblems.get(f.id) ?? []).map((text) => (
              <li key={`${f.id}-${text}`} data-testid={`aid-batch-problem-${f.id}`}>
                <Typography.Text type="danger">{text}</Typography.Text>
              </li>
            )),
          )}
        </ul>
      )}
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label={t(`${k}.union`)} extra={t(`${k}.unionHint`)} required>
              <OrgPicker
                value={union.id}
                onChange={(id, org) => id && setUnion({ id, name: org?.name ?? id })}
                data-testid="aid-batch-union"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label={t(`${k}.item`)}
              required
              validateStatus={checked && !item ? 'error' : undefined}
              help={checked && !item ? t(`${k}.itemRequired`) : undefined}
            >
              <Select<string>
                value={itemId}
                onChange={(value) => {
                  setItemId(value);
                  setRowProblems(new Map());
                }}
                loading={items === null && !loadProblem}
                placeholder={t(`${k}.itemPlaceholder`)}
                notFoundContent={t(`${k}.noItems`, { org: union.name })}
                options={(items ?? []).map((i) => ({ value: i.id, label: i.name }))}
                data-testid="aid-batch-item"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label={t(`${k}.name`)}
              required
              validateStatus={checked && !nameOk ? 'error' : undefined}
              help={checked && !nameOk ? t(`${k}.nameRequired`) : undefined}
            >
              <Input
                value={name}
                maxLength={60}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameTouched(true);
                }}
                data-testid="aid-batch-name"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {item && (
        <Space size={[8, 4]} wrap className="gh-aid-item-facts" data-testid="aid-batch-item-facts">
          <Typography.Text type="secondary">{t(`${k}.standard`, { amount: formatFen(item.defaultAmountFen) })}</Typography.Text>
          <Typography.Text type="secondary">
            {fund ? t(`${k}.fund`, { fund: fund.name, org: fund.orgName }) : t(`${k}.fundUnknown`)}
          </Typography.Text>
          {limitTexts(item).map((text) => (
            <Tag key={text} bordered={false}>
              {text}
            </Tag>
          ))}
        </Space>
      )}
      {loadProblem && <Alert type="error" showIcon title={loadProblem} className="gh-form-alert" />}
      <Table<FileSummary>
        rowKey="id"
        size="small"
        loading={files === null && !loadProblem}
        dataSource={files ?? []}
        pagination={false}
        scroll={{ y: 320 }}
        locale={{ emptyText: t(`${k}.noFiles`, { org: union.name }) }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String).slice(0, MAX_BATCH_HOUSEHOLDS)),
          getCheckboxProps: (f) => ({ 'data-testid': `aid-batch-pick-${f.id}` }) as Record<string, string>,
        }}
        onRow={(f) => ({ 'data-testid': `aid-batch-file-${f.id}` }) as React.HTMLAttributes<HTMLElement>}
        rowClassName={(f) => (rowProblems.has(f.id) ? 'gh-aid-refused' : '')}
        columns={[
          {
            key: 'fileNumber',
            title: t(`${k}.col.fileNumber`),
            width: 240,
            render: (_, f) => (
              <Space size={4}>
                <span className="gh-mono">{f.fileNumber}</span>
                {rowProblems.has(f.id) && (
                  <Tag color="error" bordered={false} className="gh-hardship-mark">
                    {t(`${k}.refused`)}
                  </Tag>
                )}
              </Space>
            ),
          },
          { key: 'applicant', title: t(`${k}.col.applicant`), width: 90, dataIndex: 'applicantName' },
          { key: 'union', title: t(`${k}.col.union`), width: 150, ellipsis: true, dataIndex: 'orgName' },
          { key: 'category', title: t(`${k}.col.category`), width: 100, render: (_, f) => <CategoryTag category={f.category} /> },
          {
            key: 'amount',
            title: t(`${k}.col.amount`),
            render: (_, f) => {
              const chosen = selected.includes(f.id);
              const bad = chosen && !amountOf(typed[f.id]).ok;
              return (
                <div>
                  <Input
                    size="small"
                    inputMode="decimal"
                    disabled={!chosen}
                    status={bad || rowProblems.has(f.id) ? 'error' : undefined}
                    value={typed[f.id] ?? ''}
                    placeholder={item ? fenToYuanText(item.defaultAmountFen) : undefined}
                    suffix={t(`${k}.yuan`)}
                    onChange={(e) => setTyped((previous) => ({ ...previous, [f.id]: e.target.value }))}
                    style={{ width: 150 }}
                    data-testid={`aid-batch-amount-${f.id}`}
                  />
                  {bad && (
                    <div>
                      <Typography.Text type="danger" className="gh-hardship-small">
                        {t(`${k}.amountInvalid`)}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              );
            },
          },
        ]}
      />
      <div className="gh-aid-batch-sum">
        {checked && selected.length === 0 ? <Typography.Text type="danger">{t(`${k}.noneChosen`)}</Typography.Text> : <span />}
        <Typography.Text data-testid="aid-batch-sum">
          {t(`${k}.sum`, { count: selected.length, amount: formatFen(totalFen) })}
        </Typography.Text>
      </div>
    </StepModal>
  );
}
