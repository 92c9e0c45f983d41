import { Button, Card, Descriptions, Empty, Layout, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { translateOptional } from '../../../shared/i18n/index.ts';
import type { PartnerMe } from '../api.ts';

export function HomePage({ me, onSignOut }: { me: PartnerMe; onSignOut: () => void }) {
  const { t } = useTranslation();
  const kind = translateOptional(`enums.partnerKind.${me.partner.kind}`) ?? me.partner.kind;
  const status = translateOptional(`enums.partnerStatus.${me.partner.status}`) ?? me.partner.status;
  return (
    <Layout className="gh-partner-layout">
      <Layout.Header className="gh-partner-header">
        <div className="gh-partner-header-brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span>{t('partner.title')}</span>
        </div>
        <Button onClick={onSignOut} data-testid="partner-sign-out">
          {t('partner.home.signOut')}
        </Button>
      </Layout.Header>
      <Layout.Content className="gh-partner-content">
        <Typography.Title level={2} data-testid="partner-welcome">
          {t('partner.home.welcome', { name: me.partner.name })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 3 }} className="gh-partner-descriptions">
          <Descriptions.Item label={t('partner.home.kind')}>{kind}</Descriptions.Item>
          <Descriptions.Item label={t('partner.home.status')}>
            <Tag color={me.partner.status === 'active' ? 'green' : 'default'}>{status}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('partner.home.keyId')}>
            <Typography.Text code>{me.keyId}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <Card data-testid="partner-placeholder">
          <Empty description={<Typography.Text strong>{t('partner.home.placeholderTitle')}</Typography.Text>}>
            <Typography.Text type="secondary">{t('partner.home.placeholderBody')}</Typography.Text>
          </Empty>
        </Card>
      </Layout.Content>
    </Layout>
  );
}
