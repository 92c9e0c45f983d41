import { useState } from 'react';
import { App, Button, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { stationsApi, type Station, type StationStatus } from '../api.ts';
import { STATUS_OF_ACTION, statusActions, statusColor, type StatusAction } from '../rules.ts';

export function StationStatusTag({ status }: { status: StationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor(status)} data-testid="station-status">
      {t(`consoleStations.status.${status}`)}
    </Tag>
  );
}

/**
 * 暂停开放, 恢复开放 and 永久关闭 for a station, each asking for its reason (recorded in the audit log);
 * a closed station offers none. `onChanged` gets the station as the server now has it.
 */
export function StatusActions({
  station,
  onChanged,
  size = 'small',
  link = true,
}: {
  station: Station;
  onChanged: (station: Station) => void;
  size?: 'small' | 'middle';
  link?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [action, setAction] = useState<StatusAction | null>(null);
  const actions = statusActions(station.status);
  if (actions.length === 0) return null;
  return (
    <>
      <Space size={link ? 0 : 8}>
        {actions.map((a) => (
          <Button
            key={a}
            size={size}
            type={link ? 'link' : 'default'}
            danger={a === 'close'}
            onClick={() => setAction(a)}
            data-testid={`station-${a}-${station.id}`}
          >
            {t(`consoleStations.statusAction.${a}`)}
          </Button>
        ))}
      </Space>
      {action && (
        <ReasonDialog
          title={`${t(`consoleStations.statusAction.${action}`)} · ${station.name}`}
          hint={t(`consoleStations.statusAction.${action}Hint`)}
          danger={action === 'close'}
          templates={
            action === 'close'
              ? [
                  t('consoleStations.statusAction.templates.close.host'),
                  t('consoleStations.statusAction.templates.close.demolished'),
                  t('consoleStations.statusAction.templates.close.merged'),
                ]
              : [
                  t(`consoleStations.statusAction.templates.${action}.renovation`),
                  t(`consoleStations.statusAction.templates.${action}.host`),
                  t(`consoleStations.statusAction.templates.${action}.repair`),
                ]
          }
          okText={t(`consoleStations.statusAction.${action}`)}
          testId="station-status-reason"
          onClose={() => setAction(null)}
          onSubmit={async (reason) => {
            const status = STATUS_OF_ACTION[action];
            const changed = await stationsApi.changeStatus(station.id, status, reason);
            setAction(null);
            void message.success(t(`consoleStations.statusAction.done.${status}`));
            onChanged(changed);
          }}
        />
      )}
    </>
  );
}
