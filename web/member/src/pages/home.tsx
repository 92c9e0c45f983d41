import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Dialog, Grid, Toast } from 'antd-mobile';
import {
  BankcardOutline,
  ContentOutline,
  EnvironmentOutline,
  FlagOutline,
  GiftOutline,
  HandPayCircleOutline,
  HeartOutline,
  UserAddOutline,
} from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { memberApi, type MemberAccount } from '../api.ts';
import { isCurrentMember, isOpenApplication, type Membership } from '../membership/api.ts';
import { useMembership } from '../membership/use-membership.ts';
import { MembershipBanner } from '../components/membership-banner.tsx';
import { StationServicesEntries } from '../station-services/home-entries.tsx';
import { HardshipHomeEntry } from '../hardship/home-entry.tsx';
import { MutualAidHomeEntry } from '../mutual-aid/home-entry.tsx';

type TileKey = 'join' | 'card' | 'benefits' | 'stations' | 'mutualAid' | 'hardship' | 'competitions' | 'courses';

// 入会, 会员卡, 福利, 驿站, 互助 and 帮扶 are live; the modules that later issues add say they are coming soon.
const TILES: { key: TileKey; icon: ReactNode; tint: string }[] = [
  { key: 'join', icon: <UserAddOutline />, tint: '#c8102e' },
  { key: 'card', icon: <BankcardOutline />, tint: '#d4380d' },
  { key: 'benefits', icon: <GiftOutline />, tint: '#d48806' },
  { key: 'stations', icon: <EnvironmentOutline />, tint: '#389e0d' },
  { key: 'mutualAid', icon: <HeartOutline />, tint: '#cf1322' },
  { key: 'hardship', icon: <HandPayCircleOutline />, tint: '#08979c' },
  { key: 'competitions', icon: <FlagOutline />, tint: '#1d39c4' },
  { key: 'courses', icon: <ContentOutline />, tint: '#531dab' },
];

export function HomePage({ account, firstSignIn, onSignedOut }: { account: MemberAccount; firstSignIn: boolean; onSignedOut: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const { membership, reload } = useMembership();
  const ready: Membership | null = membership.state === 'ready' ? membership.membership : null;

  useEffect(() => {
    if (firstSignIn) Toast.show({ content: t('member.home.welcomeFirst'), icon: 'success' });
  }, [firstSignIn, t]);

  const openTile = (key: TileKey) => {
    if (key === 'join') {
      // Members and applicants see where they stand; everyone else gets the form.
      void navigate(ready && (isCurrentMember(ready.member) || isOpenApplication(ready.application)) ? '/membership' : '/join');
      return;
    }
    if (key === 'card' || key === 'benefits' || key === 'stations') {
      void navigate(`/${key}`);
      return;
    }
    if (key === 'hardship') {
      void navigate('/hardship/apply');
      return;
    }
    if (key === 'mutualAid') {
      void navigate('/mutual-aid');
      return;
    }
    const name = t(`member.home.tiles.${key}`);
    void Dialog.alert({
      title: t('member.home.comingSoon'),
      content: t('member.home.comingSoonDetail', { name }),
      confirmText: t('common.confirm'),
    });
  };

  const tileBadge = (key: TileKey): string => {
    if (key === 'join') {
      if (!ready) return '';
      if (isCurrentMember(ready.member)) return t('memberMembership.home.badge.member');
      if (isOpenApplication(ready.application)) return t('memberMembership.home.badge.reviewing');
      return t('memberMembership.home.badge.open');
    }
    if (key === 'card') return ready && ready.member?.status === 'active' ? t('memberMembership.home.badge.show') : '';
    if (key === 'benefits') return t('memberCampaigns.home.badge');
    if (key === 'stations') return t('memberStations.home.badge');
    if (key === 'hardship') return t('memberHardship.home.badge');
    if (key === 'mutualAid') return t('memberMutualAid.home.badge');
    return t('member.home.comingSoon');
  };

  const signOut = async () => {
    const confirmed = await Dialog.confirm({
      content: t('member.home.signOutConfirm'),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setSigningOut(true);
    try {
      await memberApi.signOut();
      Toast.show({ content: t('member.home.signedOut') });
      onSignedOut();
    } catch (error) {
      Toast.show({ content: errorText(error), icon: 'fail' });
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <div className="gh-page gh-home">
      <header className="gh-hero gh-hero-home">
        <h1 className="gh-hero-title" data-testid="member-greeting">
          {t('member.home.greeting', { phone: account.phoneMasked })}
        </h1>
        <p className="gh-hero-tagline">{t('member.home.subtitle')}</p>
      </header>

      <main className="gh-card">
        <MembershipBanner membership={membership} onRetry={() => void reload()} />
        <h2 className="gh-card-title">{t('member.home.services')}</h2>
        <Grid columns={4} gap={8} data-testid="member-tiles">
          {TILES.map((tile) => (
            <Grid.Item key={tile.key}>
              <button type="button" className="gh-tile" onClick={() => openTile(tile.key)} data-testid={`member-tile-${tile.key}`}>
                <span className="gh-tile-icon" style={{ color: tile.tint, background: `${tile.tint}14` }}>
                  {tile.icon}
                </span>
                <span className="gh-tile-label">{t(`member.home.tiles.${tile.key}`)}</span>
                <span className="gh-tile-badge">{tileBadge(tile.key)}</span>
              </button>
            </Grid.Item>
          ))}
        </Grid>
        <StationServicesEntries />
        <HardshipHomeEntry />
        <MutualAidHomeEntry />
      </main>

      <div className="gh-sign-out">
        <Button block size="large" shape="rounded" loading={signingOut} onClick={() => void signOut()} data-testid="member-sign-out">
          {t('member.home.signOut')}
        </Button>
      </div>
    </div>
  );
}
