// Small pieces the funds pages share: the purpose and kind tags, and an amount as the tables show it.
import { Tag, Typography } from 'antd';
import { formatFen } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { FundPurpose, MovementKind, StatementLine } from '../api.ts';
import { kindText } from '../rules.ts';

const PURPOSE_COLOR: Record<FundPurpose, string> = {
  warmth: 'volcano',
  study: 'blue',
  medical: 'cyan',
  life: 'orange',
  mutual_aid: 'geekblue',
  award: 'gold',
  activity: 'green',
  other: 'default',
};

export function PurposeTag({ purpose }: { purpose: FundPurpose }) {
  return (
    <Tag color={PURPOSE_COLOR[purpose]} bordered={false}>
      {i18n.t(`consoleFunds.purpose.${purpose}`)}
    </Tag>
  );
}

const KIND_COLOR: Record<MovementKind, string> = { source: 'green', allocation: 'blue', disbursement: 'orange' };

export function KindTag({ line }: { line: Pick<StatementLine, 'kind' | 'reversal'> }) {
  return (
    <Tag color={line.reversal ? 'default' : KIND_COLOR[line.kind]} bordered={false} data-testid="statement-kind">
      {kindText(line)}
    </Tag>
  );
}

/** An amount in a table cell: ¥1,000.00, or a dash for nothing (a statement's empty side). */
export function Money({ fen, blankZero, strong }: { fen: number; blankZero?: boolean; strong?: boolean }) {
  if (blankZero && fen === 0) return <Typography.Text type="secondary">{i18n.t('common.none')}</Typography.Text>;
  return <span className={strong ? 'gh-funds-money gh-funds-money-strong' : 'gh-funds-money'}>{formatFen(fen)}</span>;
}
