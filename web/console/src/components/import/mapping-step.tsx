import type { ReactNode } from 'react';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { withColumn, type ColumnMapping } from './rules.ts';

/** What a server's preview of a file says, whatever the file is for. */
export interface FilePreview<F extends string> {
  /** A CSV's encoding as detected; null for an .xlsx. */
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | null;
  headers: string[];
  samples: string[][];
  fields: readonly { key: F; required: boolean }[];
}

export interface MappingStepProps<F extends string> {
  fileName: string;
  preview: FilePreview<F>;
  mapping: ColumnMapping<F>;
  onMappingChange: (mapping: ColumnMapping<F>) => void;
  /** A field's name as the page calls it. */
  fieldLabel: (key: F) => string;
  /** Under the encoding: how the columns were preselected and what happens to the choice. */
  hint: string;
  /** Below the columns: what the whole file needs besides (its work place, its trade). */
  children?: ReactNode;
  /** What still keeps the import from starting, one sentence each (shown above the buttons). */
  problems: readonly string[];
  /** Whether the start button waits (for `problems`, or for a choice `children` flags itself). */
  blocked: boolean;
  confirmLabel: string;
  starting: boolean;
  onBack: () => void;
  onConfirm: () => void;
}

/**
 * The step between choosing a file and importing it: the file's encoding, each field with the file's
 * column that fills it (preselected by the server from the uploader's last choice or the usual
 * words), what the page asks of the whole file, and the first rows as the file has them.
 */
export function MappingStep<F extends string>(props: MappingStepProps<F>) {
  const { t } = useTranslation();
  const { preview, mapping } = props;
  const options = [
    { value: '', label: t('consoleImport.notImported') },
    ...preview.headers.filter((h) => h.trim() !== '').map((h) => ({ value: h, label: h })),
  ];
  const encoding = t('consoleImport.encoding', {
    encoding: preview.encoding ? t(`consoleImport.encodings.${preview.encoding}`) : t('consoleImport.encodingXlsx'),
  });

  return (
    <Card size="small" title={t('consoleImport.mappingTitle', { fileName: props.fileName })} data-testid="import-mapping">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={encoding} description={props.hint} data-testid="import-encoding" />
        <Table<{ key: F; required: boolean }>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={[...preview.fields]}
          columns={[
            {
              title: t('consoleImport.mappingField'),
              key: 'field',
              width: 260,
              render: (_, field) => (
                <Space size={6}>
                  <span>{props.fieldLabel(field.key)}</span>
                  {field.required && <Tag color="red">{t('consoleImport.required')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('consoleImport.mappingColumn'),
              key: 'column',
              render: (_, field) => (
                <Select
                  style={{ width: 240 }}
                  value={mapping[field.key] ?? ''}
                  options={options}
                  status={field.required && !mapping[field.key] ? 'error' : undefined}
                  onChange={(header: string) => props.onMappingChange(withColumn(mapping, field.key, header || undefined))}
                  data-testid={`mapping-${field.key}`}
                />
              ),
            },
          ]}
        />
        {props.children}
        <div>
          <Typography.Text strong>{t('consoleImport.samplesTitle', { count: preview.samples.length })}</Typography.Text>
          <Table<{ key: number; cells: string[] }>
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={preview.samples.map((cells, key) => ({ key, cells }))}
            columns={preview.headers.map((header, i) => ({ title: header, key: String(i), render: (_, row) => row.cells[i] ?? '' }))}
            data-testid="import-samples"
          />
        </div>
        {props.problems.map((problem) => (
          <Alert key={problem} type="warning" showIcon title={problem} />
        ))}
        <Space>
          <Button onClick={props.onBack}>{t('consoleImport.back')}</Button>
          <Button type="primary" loading={props.starting} disabled={props.blocked} onClick={props.onConfirm} data-testid="import-confirm">
            {props.confirmLabel}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
