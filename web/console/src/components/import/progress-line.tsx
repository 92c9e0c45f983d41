import { Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { importPercent, progressBarStatus, type RunStatus } from './rules.ts';

export interface RunProgress {
  status: RunStatus;
  progress?: number;
  totalRows: number;
  processedRows: number;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | null;
}

/**
 * A run's progress bar, with the rows processed once they are counted (before that `stage`: what the
 * job is doing) and the encoding the server read the file in.
 */
export function ProgressLine({ item, stage }: { item: RunProgress; stage: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="import-progress">
      <Progress percent={importPercent(item)} status={progressBarStatus(item.status)} />
      <Typography.Text type="secondary">
        {item.totalRows > 0
          ? t('consoleImport.progressRows', {
              processed: item.processedRows.toLocaleString('zh-CN'),
              total: item.totalRows.toLocaleString('zh-CN'),
            })
          : stage}
      </Typography.Text>
      {item.encoding && (
        <Typography.Text type="secondary" style={{ display: 'block' }} data-testid="import-encoding">
          {t('consoleImport.encoding', { encoding: t(`consoleImport.encodings.${item.encoding}`) })}
        </Typography.Text>
      )}
    </div>
  );
}
