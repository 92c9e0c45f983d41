import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="gh-page gh-center-block">
      <ErrorBlock status="empty" title={t('member.notFound')} description="">
        <Button color="primary" shape="rounded" onClick={() => void navigate('/')}>
          {t('member.backHome')}
        </Button>
      </ErrorBlock>
    </div>
  );
}
