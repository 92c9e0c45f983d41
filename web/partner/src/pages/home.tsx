import { useEffect, useState } from 'react';
import { Button, Descriptions, Layout, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { translateOptional } from '../../../shared/i18n/index.ts';
import type { PartnerMe } from '../api.ts';
import type { PartnerCredentials } from '../signing.ts';
import { CardVerifyPanel } from '../cards/card-verify.tsx';
import { CashierPanel } from '../coupons/cashier.tsx';

type Section = 'cards' | 'coupons';

// The section is kept in the address (#coupons) so a till's bookmark opens straight on the cashier.
const sectionOf = (hash: string): Section => (hash === '#coupons' ? 'coupons' : 'cards');

export function HomePage({ me, credentials, onSignOut }: { me: PartnerMe; credentials: PartnerCredentials; onSignOut: () => void }) {
  const { t } = useTranslation();
  const kind = translateOptional(`enums.partnerKind.${me.partner.kind}`) ?? me.partner.kind;
  const status = translateOptional(`enums.partnerStatus.${me.partner.status}`) ?? me.partner.status;
  const [section, setSection] = useState<Section>(() => sectionOf(window.location.hash));
  useEffect(() => {
    const onHash = () => setSection(sectionOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const open = (next: Section) => {
    setSection(next);
    window.history.replaceState(null, '', next === 'coupons' ? '#coupons' : window.location.pathname + window.location.search);
  };
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
        <div className="gh-partner-intro">
          <Typography.Title level={4} className="gh-partner-welcome" data-testid="partner-welcome">
            {t('partner.home.welcome', { name: me.partner.name })}
          </Typography.Title>
          <Descriptions column={{ xs: 1, sm: 3 }} size="small" className="gh-partner-descriptions">
            <Descriptions.Item label={t('partner.home.kind')}>{kind}</Descriptions.Item>
            <Descriptions.Item label={t('partner.home.status')}>
              <Tag color={me.partner.status === 'active' ? 'green' : 'default'}>{status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('partner.home.keyId')}>
              <Typography.Text code>{me.keyId}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </div>
        <Tabs
          activeKey={section}
          onChange={(key) => open(key as Section)}
          size="large"
          className="gh-partner-tabs"
          data-testid="partner-sections"
          items={[
            { key: 'cards', label: t('partnerCoupons.nav.cards'), children: <CardVerifyPanel credentials={credentials} /> },
            { key: 'coupons', label: t('partnerCoupons.nav.coupons'), children: <CashierPanel credentials={credentials} /> },
          ]}
        />
      </Layout.Content>
    </Layout>
  );
}
