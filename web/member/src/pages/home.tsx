import { useEffect, useState, type ReactNode } from 'react';
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

type TileKey = 'join' | 'card' | 'benefits' | 'stations' | 'mutualAid' | 'hardship' | 'competitions' | 'courses';

// Modules that later issues add; until then each tile says it is coming soon.
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
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    if (firstSignIn) Toast.show({ content: t('member.home.welcomeFirst'), icon: 'success' });
  }, [firstSignIn, t]);

  const openTile = (key: TileKey) => {
    const name = t(`member.home.tiles.${key}`);
    void Dialog.alert({
      title: t('member.home.comingSoon'),
      content: t('member.home.comingSoonDetail', { name }),
      confirmText: t('common.confirm'),
    });
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
        <h2 className="gh-card-title">{t('member.home.services')}</h2>
        <Grid columns={4} gap={8} data-testid="member-tiles">
          {TILES.map((tile) => (
            <Grid.Item key={tile.key}>
              <button type="button" className="gh-tile" onClick={() => openTile(tile.key)} data-testid={`member-tile-${tile.key}`}>
                <span className="gh-tile-icon" style={{ color: tile.tint, background: `${tile.tint}14` }}>
                  {tile.icon}
                </span>
                <span className="gh-tile-label">{t(`member.home.tiles.${tile.key}`)}</span>
                <span className="gh-tile-badge">{t('member.home.comingSoon')}</span>
              </button>
            </Grid.Item>
          ))}
        </Grid>
      </main>

      <div className="gh-sign-out">
        <Button block size="large" shape="rounded" loading={signingOut} onClick={() => void signOut()} data-testid="member-sign-out">
          {t('member.home.signOut')}
        </Button>
      </div>
    </div>
  );
}
