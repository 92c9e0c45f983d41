// Small pieces the hardship pages share: the status and category tags, the category with its marker
// (规则认定 or adjusted), and an amount as the tables show it.
import { Space, Tag, Tooltip, Typography } from 'antd';
import { formatFen } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { FileStatus, FileSummary, HardshipCategory } from '../api.ts';
import { categoryMark } from '../rules.ts';

const STATUS_COLOR: Record<FileStatus, string> = {
  applied: 'blue',
  visited: 'cyan',
  reviewed: 'geekblue',
  under_notice: 'orange',
  filed: 'green',
  rejected: 'default',
  exited: 'purple',
};

export function StatusTag({ status }: { status: FileStatus }) {
  return (
    <Tag color={STATUS_COLOR[status]} bordered={false} data-testid="hardship-status">
      {i18n.t(`consoleHardship.status.${status}`)}
    </Tag>
  );
}

const CATEGORY_COLOR: Record<HardshipCategory, string> = { deep: 'red', relative: 'gold', sudden: 'volcano' };

export function CategoryTag({ category }: { category: HardshipCategory | null }) {
  if (!category) return <Typography.Text type="secondary">{i18n.t('consoleHardship.category.none')}</Typography.Text>;
  return (
    <Tag color={CATEGORY_COLOR[category]} data-testid="hardship-category">
      {i18n.t(`consoleHardship.category.${category}`)}
    </Tag>
  );
}

/** The file's category with how it was reached: 规则认定 when it is the rule's, 已调整 (the rule's in the tooltip) when staff chose another. */
export function CategoryCell({ file }: { file: Pick<FileSummary, 'category' | 'computedCategory'> }) {
  const mark = categoryMark(file);
  const name = (c: HardshipCategory | null) => (c ? i18n.t(`consoleHardship.category.${c}`) : i18n.t('consoleHardship.category.none'));
  return (
    <Space size={4} wrap>
      <CategoryTag category={file.category} />
      {mark === 'rule' && (
        <Typography.Text type="secondary" className="gh-hardship-mark" data-testid="hardship-category-mark">
          {i18n.t('consoleHardship.categoryMark.rule')}
        </Typography.Text>
      )}
      {mark === 'adjusted' && (
        <Tooltip
          title={i18n.t('consoleHardship.categoryMark.adjustedHint', {
            computed: name(file.computedCategory),
            category: name(file.category),
          })}
        >
          <Tag color="purple" bordered={false} className="gh-hardship-mark" data-testid="hardship-category-mark">
            {i18n.t('consoleHardship.categoryMark.adjusted')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** An amount in a table cell or a figure: ¥800.00. */
export function Money({ fen, strong }: { fen: number; strong?: boolean }) {
  return <span className={strong ? 'gh-hardship-money gh-hardship-money-strong' : 'gh-hardship-money'}>{formatFen(fen)}</span>;
}
