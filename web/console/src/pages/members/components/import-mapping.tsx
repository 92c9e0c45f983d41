import { Alert, Button, Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RegionCascader } from '../../../components/region-cascader.tsx';
import type { ImportField, ImportMapping, ImportPreview } from '../api.ts';
import { mappingGaps, withColumn } from '../rules.ts';

export interface ImportMappingStepProps {
  fileName: string;
  preview: ImportPreview;
  mapping: ImportMapping;
  onMappingChange: (mapping: ImportMapping) => void;
  fileRegion: string | undefined;
  onFileRegionChange: (code: string | undefined) => void;
  starting: boolean;
  onBack: () => void;
  onConfirm: () => void;
}

/**
 * The step between choosing a file and importing it: the file's encoding, each field with the file's
 * column that fills it (preselected by the server from the uploader's last choice or the usual
 * words), the work place for rows without a street code, and the first rows as the file has them.
 */
export function ImportMappingStep(props: ImportMappingStepProps) {
  const { t } = useTranslation();
  const { preview, mapping } = props;
  const gaps = mappingGaps(preview.fields, mapping, props.fileRegion);
  const options = [
    { value: '', label: t('consoleMembers.imports.notImported') },
    ...preview.headers.filter((h) => h.trim() !== '').map((h) => ({ value: h, label: h })),
  ];
  const encoding = preview.encoding
    ? t('consoleMembers.imports.encoding', { encoding: t(`consoleMembers.imports.encodings.${preview.encoding}`) })
    : t('consoleMembers.imports.encoding', { encoding: t('consoleMembers.imports.encodingXlsx') });

  return (
    <Card size="small" title={t('consoleMembers.imports.mappingTitle', { fileName: props.fileName })} data-testid="import-mapping">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={encoding} description={t('consoleMembers.imports.mappingHint')} data-testid="import-encoding" />
        <Table<{ key: ImportField; required: boolean }>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={preview.fields}
          columns={[
            {
              title: t('consoleMembers.imports.mappingField'),
              key: 'field',
              width: 260,
              render: (_, field) => (
                <Space size={6}>
                  <span>{t(`consoleMembers.imports.fields.${field.key}`)}</span>
                  {field.required && <Tag color="red">{t('consoleMembers.imports.required')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('consoleMembers.imports.mappingColumn'),
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
        <Form layout="vertical">
          <Form.Item
            label={t('consoleMembers.imports.fileRegion')}
            extra={t('consoleMembers.imports.fileRegionHint')}
            validateStatus={gaps.needsWorkPlace ? 'error' : undefined}
            help={gaps.needsWorkPlace ? t('consoleMembers.imports.fileRegionRequired') : undefined}
            style={{ marginBottom: 0 }}
          >
            <RegionCascader value={props.fileRegion} onChange={props.onFileRegionChange} data-testid="import-file-region" />
          </Form.Item>
        </Form>
        <div>
          <Typography.Text strong>{t('consoleMembers.imports.samplesTitle', { count: preview.samples.length })}</Typography.Text>
          <Table<{ key: number; cells: string[] }>
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={preview.samples.map((cells, key) => ({ key, cells }))}
            columns={preview.headers.map((header, i) => ({ title: header, key: String(i), render: (_, row) => row.cells[i] ?? '' }))}
            data-testid="import-samples"
          />
        </div>
        {gaps.missing.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('consoleMembers.imports.missingRequired', {
              fields: gaps.missing.map((key) => t(`consoleMembers.imports.fields.${key}`)).join(t('common.listSeparator')),
            })}
          />
        )}
        <Space>
          <Button onClick={props.onBack}>{t('consoleMembers.imports.back')}</Button>
          <Button
            type="primary"
            loading={props.starting}
            disabled={gaps.missing.length > 0 || gaps.needsWorkPlace}
            onClick={props.onConfirm}
            data-testid="import-confirm"
          >
            {t('consoleMembers.imports.confirm')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
