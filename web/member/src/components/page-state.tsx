import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export { PageLoading } from './page-loading.tsx';

/** A page that could not load: the reason, a retry (reload) and the way home. */
export function PageError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="gh-page gh-center-block" data-testid="page-error">
      <ErrorBlock status="default" title={message} description="">
        <div className="gh-actions-row">
          <Button color="primary" shape="rounded" onClick={() => (onRetry ? onRetry() : window.location.reload())}>
            {t('common.retry')}
          </Button>
          <Button shape="rounded" onClick={() => void navigate('/')}>
            {t('member.backHome')}
          </Button>
        </div>
      </ErrorBlock>
    </div>
  );
}
