import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../../../shared/format.ts';
import { translateOptional } from '../../../../../shared/i18n/index.ts';
import { runStatusColor } from '../../../components/import/rules.ts';
import { IMPORT_STATUSES, type ApplicationStatus, type ImportStatus, type MemberStatus, type TransferStatus } from '../api.ts';

const APPLICATION_COLORS: Record<ApplicationStatus, string> = {
  pending: 'processing',
  held_duplicate: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

const MEMBER_COLORS: Record<MemberStatus, string> = {
  active: 'success',
  suspended: 'warning',
  left: 'default',
  deceased: 'default',
};

const TRANSFER_COLORS: Record<TransferStatus, string> = {
  proposed: 'default',
  requested: 'processing',
  completed: 'success',
  rejected: 'error',
  cancelled: 'default',
};

const IMPORT_COLORS = Object.fromEntries(IMPORT_STATUSES.map((s) => [s, runStatusColor(s)])) as Record<ImportStatus, string>;

/** A status from the server as a coloured tag; a status the console does not know yet shows as is. */
function StatusTag({ group, status, colors }: { group: string; status: string; colors: Record<string, string> }) {
  return <Tag color={colors[status] ?? 'default'}>{translateOptional(`consoleMembers.enums.${group}.${status}`) ?? status}</Tag>;
}

export const ApplicationStatusTag = ({ status }: { status: ApplicationStatus }) => (
  <StatusTag group="applicationStatus" status={status} colors={APPLICATION_COLORS} />
);
export const MemberStatusTag = ({ status }: { status: MemberStatus }) => (
  <StatusTag group="memberStatus" status={status} colors={MEMBER_COLORS} />
);
export const TransferStatusTag = ({ status }: { status: TransferStatus }) => (
  <StatusTag group="transferStatus" status={status} colors={TRANSFER_COLORS} />
);
export const ImportStatusTag = ({ status }: { status: ImportStatus }) => (
  <StatusTag group="importStatus" status={status} colors={IMPORT_COLORS} />
);

/** "已超时" (with how long) for an application past its review deadline. */
export function OverdueTag({ dueAt, now = Date.now() }: { dueAt: string; now?: number }) {
  const { t } = useTranslation();
  const late = Math.max(0, (now - new Date(dueAt).getTime()) / 1000);
  return (
    <Tooltip title={t('consoleMembers.applications.overdueBy', { duration: formatDuration(late) })}>
      <Tag color="error" icon={<ClockCircleOutlined />} data-testid="application-overdue">
        {t('consoleMembers.applications.overdue')}
      </Tag>
    </Tooltip>
  );
}

/** A label for a value the server sends as a code: its zh-CN name, or the code itself when unknown. */
export function codeLabel(
  group: 'gender' | 'duplicateReason' | 'source' | 'eventKind' | 'placementRule' | 'initiatedBy',
  code: string | null | undefined,
): string {
  if (!code) return translateOptional('common.none') ?? '';
  return translateOptional(`consoleMembers.enums.${group}.${code}`) ?? code;
}

/** A trade's name from the shared enums. */
export function tradeLabel(trade: string | null | undefined): string {
  if (!trade) return translateOptional('common.none') ?? '';
  return translateOptional(`enums.trade.${trade}`) ?? trade;
}
