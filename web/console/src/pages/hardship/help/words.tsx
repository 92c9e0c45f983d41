// Small pieces the help pages share: where a family stands with its weekly contact, and a call-back's or
// a need's status.
import { Tag } from 'antd';
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { ContactState, NeedStatus } from './api.ts';

const CONTACT_COLOR: Record<ContactState, string> = { ok: 'green', due: 'orange', overdue: 'red' };

export function ContactStateTag({ state }: { state: ContactState }) {
  return (
    <Tag color={CONTACT_COLOR[state]} bordered={false} data-testid="help-contact-state" data-state={state}>
      {i18n.t(`consoleHardshipHelp.contactState.${state}`)}
    </Tag>
  );
}

export function CallbackStatusTag({ status }: { status: 'pending' | 'done' }) {
  return (
    <Tag color={status === 'done' ? 'green' : 'orange'} bordered={false} data-testid="help-callback-status" data-status={status}>
      {i18n.t(`consoleHardshipHelp.callbacks.status.${status}`)}
    </Tag>
  );
}

export function NeedStatusTag({ status }: { status: NeedStatus }) {
  return (
    <Tag color={status === 'answered' ? 'green' : 'red'} bordered={false} data-testid="help-need-status" data-status={status}>
      {i18n.t(`consoleHardshipHelp.needs.status.${status}`)}
    </Tag>
  );
}

/** The last contact as a helper reads it: a day, or 从未联系. */
export function lastContactText(day: string | null): string {
  return day ?? i18n.t('consoleHardshipHelp.never');
}
