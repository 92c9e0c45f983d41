import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';

/** The H5's one full-width submit button at the foot of a form (sign-in, join, transfer, work place). */
export function SubmitButton({
  loading,
  loadingText,
  disabled,
  testId,
  children,
}: {
  loading: boolean;
  loadingText?: string;
  disabled?: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Button
      block
      type="submit"
      color="primary"
      size="large"
      shape="rounded"
      loading={loading}
      {...(loadingText ? { loadingText } : {})}
      disabled={disabled ?? false}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}
