import { useEffect, useState } from 'react';
import { Button, Descriptions, Layout, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { translateOptional } from '../../../shared/i18n/index.ts';
import type { PartnerMe } from '../api.ts';
import type { PartnerCredentials } from '../signing.ts';
import { CardVerifyPanel } from '../cards/card-verify.tsx';
import { CashierPanel } from '../coupons/cashier.tsx';
import { ReconciliationPanel } from '../mutual-aid/reconciliation-panel.tsx';
import { SettlePanel } from '../mutual-aid/settle-panel.tsx';

type Section = 'cards' | 'coupons' | 'settle' | 'reconciliation';

// The section is kept in the address (#coupons) so a till's bookmark opens straight on the cashier;
// a hospital opens on 出院结算 and alone has the 一单式 sections (#settle, #reconciliation).
const homeOf = (hospital: boolean): Section => (hospital ? 'settle' : 'cards');
const sectionOf = (hash: string, hospital: boolean): Section => {
  const wanted = hash.slice(1);
  if (wanted === 'coupons' || wanted === 'cards') return wanted;
  if (hospital && (wanted === 'settle' || wanted === 'reconciliation')) return wanted;
  return homeOf(hospital);
};

export function HomePage({ me, credentials, onSignOut }: { me: PartnerMe; credentials: PartnerCredentials; onSignOut: () => void }) {
  const { t } = useTranslation();
  const kind = translateOptional(`enums.partnerKind.${me.partner.kind}`) ?? me.partner.kind;
  const status = translateOptional(`enums.partnerStatus.${me.partner.status}`) ?? me.partner.status;
  const hospital = me.partner.kind === 'hospital';
  const [section, setSection] = useState<Section>(() => sectionOf(window.location.hash, hospital));
  useEffect(() => {
    const onHash = () => setSection(sectionOf(window.location.hash, hospital));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [hospital]);
  const open = (next: Section) => {
    setSection(next);
    window.history.replaceState(null, '', next === homeOf(hospital) ? window.location.pathname + window.location.search : `#${next}`);
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
            ...(hospital
              ? [
                  {
                    key: 'settle',
                    label: <span data-testid="partner-section-settle">{t('partnerMutualAid.nav.settle')}</span>,
                    children: <SettlePanel credentials={credentials} />,
                  },
                  {
                    key: 'reconciliation',
                    label: <span data-testid="partner-section-reconciliation">{t('partnerMutualAid.nav.reconciliation')}</span>,
                    children: <ReconciliationPanel credentials={credentials} active={section === 'reconciliation'} />,
                  },
                ]
              : []),
            { key: 'cards', label: t('partnerCoupons.nav.cards'), children: <CardVerifyPanel credentials={credentials} /> },
            { key: 'coupons', label: t('partnerCoupons.nav.coupons'), children: <CashierPanel credentials={credentials} /> },
          ]}
        />
      </Layout.Content>
    </Layout>
  );
}
