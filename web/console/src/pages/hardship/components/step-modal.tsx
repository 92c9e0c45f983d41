import type { ReactNode } from 'react';
import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, type FormProblem } from '../../funds/components/form-problem.tsx';

/**
 * The frame of a file's step (核查, 审核, 公示, 异议, 审批): the server's refusal above the form in its own
 * words, and 取消 / the step's button (`${testId}-cancel`, `${testId}-submit`, the refusal `${testId}-error`).
 */
export function StepModal({
  title,
  okText,
  testId,
  saving,
  problem,
  danger,
  width,
  onOk,
  onClose,
  children,
}: {
  title: string;
  okText: string;
  testId: string;
  saving: boolean;
  problem: FormProblem | null;
  danger?: boolean;
  width?: number;
  onOk: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      width={width ?? 560}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid={`${testId}-cancel`}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger={danger ?? false} loading={saving} onClick={onOk} data-testid={`${testId}-submit`}>
          {okText}
        </Button>,
      ]}
    >
      <ProblemAlert problem={problem} testId={`${testId}-error`} />
      {children}
    </Modal>
  );
}
