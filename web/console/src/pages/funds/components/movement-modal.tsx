import type { ReactNode } from 'react';
import { Button, Descriptions, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, type FormProblem } from './form-problem.tsx';

/**
 * The frame of the three money forms (来源收入, 下拨, 支出): the union the money moves at, the server's
 * problem above the form, and 取消 / the action's button (`${testId}-cancel`, `${testId}-submit`,
 * the problem `${testId}-error`).
 */
export function MovementModal({
  title,
  okText,
  testId,
  facts,
  saving,
  problem,
  onOk,
  onClose,
  children,
}: {
  title: string;
  okText: string;
  testId: string;
  facts: { label: string; value: ReactNode }[];
  saving: boolean;
  problem: FormProblem | null;
  onOk: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid={`${testId}-cancel`}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={saving} onClick={onOk} data-testid={`${testId}-submit`}>
          {okText}
        </Button>,
      ]}
    >
      <Descriptions
        size="small"
        column={1}
        className="gh-funds-facts"
        items={facts.map((f, i) => ({ key: String(i), label: f.label, children: f.value }))}
      />
      <ProblemAlert problem={problem} testId={`${testId}-error`} />
      {children}
    </Modal>
  );
}
