import { useEffect, useRef } from 'react';
import { Input, type InputProps, type InputRef } from 'antd-mobile';

/**
 * antd-mobile's Input puts data-* attributes on its wrapper <div>; browser tests want to fill the
 * <input> itself, so this puts `testId` there.
 */
export function TestInput({ testId, ...props }: InputProps & { testId: string }) {
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    ref.current?.nativeElement?.setAttribute('data-testid', testId);
  }, [testId]);
  return <Input ref={ref} {...props} />;
}
