import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignPhase, FlagStatus } from '../api.ts';

const PHASE_COLOR: Record<CampaignPhase, string> = {
  draft: 'default',
  pending: 'gold',
  scheduled: 'blue',
  running: 'green',
  paused: 'orange',
  ended: 'default',
};

/** What a campaign is doing now (its status with the clock: an approved campaign is 未开始, 进行中 or 已结束). */
export function PhaseTag({ phase }: { phase: CampaignPhase }) {
  const { t } = useTranslation();
  return (
    <Tag color={PHASE_COLOR[phase]} data-testid="campaign-phase">
      {t(`consoleCampaigns.phase.${phase}`)}
    </Tag>
  );
}

const FLAG_COLOR: Record<FlagStatus, string> = { open: 'red', cleared: 'green', blocked: 'default' };

export function FlagStatusTag({ status }: { status: FlagStatus }) {
  const { t } = useTranslation();
  return <Tag color={FLAG_COLOR[status]}>{t(`consoleCampaigns.flags.status.${status}`)}</Tag>;
}
