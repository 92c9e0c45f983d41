import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { RegionCascader } from '../../../components/region-cascader.tsx';
import { MappingStep } from '../../../components/import/mapping-step.tsx';
import type { ImportField, ImportMapping, ImportPreview } from '../api.ts';
import { mappingGaps } from '../rules.ts';

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
 * The roll's mapping step: the shared column mapping, and the work place for rows without a street
 * code (a column of codes or addresses, or one region for the whole file).
 */
export function ImportMappingStep({ fileRegion, onFileRegionChange, ...props }: ImportMappingStepProps) {
  const { t } = useTranslation();
  const gaps = mappingGaps(props.preview.fields, props.mapping, fileRegion);
  const label = (key: ImportField) => t(`consoleMembers.imports.fields.${key}`);
  return (
    <MappingStep<ImportField>
      {...props}
      fieldLabel={label}
      hint={t('consoleMembers.imports.mappingHint')}
      confirmLabel={t('consoleMembers.imports.confirm')}
      problems={
        gaps.missing.length > 0
          ? [t('consoleImport.missingRequired', { fields: gaps.missing.map(label).join(t('common.listSeparator')) })]
          : []
      }
      blocked={gaps.missing.length > 0 || gaps.needsWorkPlace}
    >
      <Form layout="vertical">
        <Form.Item
          label={t('consoleMembers.imports.fileRegion')}
          extra={t('consoleMembers.imports.fileRegionHint')}
          validateStatus={gaps.needsWorkPlace ? 'error' : undefined}
          help={gaps.needsWorkPlace ? t('consoleMembers.imports.fileRegionRequired') : undefined}
          style={{ marginBottom: 0 }}
        >
          <RegionCascader value={fileRegion} onChange={onFileRegionChange} data-testid="import-file-region" />
        </Form.Item>
      </Form>
    </MappingStep>
  );
}
