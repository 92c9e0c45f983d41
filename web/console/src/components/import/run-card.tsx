import type { ReactNode } from 'react';
import { Button, Card, Space } from 'antd';
import { isImportFinished, type RunStatus } from './rules.ts';

export interface RunCardProps {
  status: RunStatus;
  /** The card's title while the run goes on, and once it has ended. */
  titles: { running: string; finished: string };
  /** The button that starts another file once the run has ended. */
  again: { label: string; testId: string };
  testId: string;
  onClose: () => void;
  children: ReactNode;
}

/** The card a run of an import is followed in (the roll's, a census list's): its status for tests, another file once it ends. */
export function RunCard({ status, titles, again, testId, onClose, children }: RunCardProps) {
  const finished = isImportFinished(status);
  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      title={finished ? titles.finished : titles.running}
      extra={
        finished && (
          <Button size="small" type="link" onClick={onClose} data-testid={again.testId}>
            {again.label}
          </Button>
        )
      }
      data-testid={testId}
      data-status={status}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {children}
      </Space>
    </Card>
  );
}
