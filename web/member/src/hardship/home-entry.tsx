import { useNavigate } from 'react-router-dom';
import { FileOutline, RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
// The home page's entries share one look: the station services' rows (我的预约, 附近活动) above this one.
import '../station-services/station-services.css';
import './hardship.css';

/** The home page's way to 我的帮扶 (the 帮扶 tile opens the application). */
export function HardshipHomeEntry() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tint = '#08979c';
  return (
    <nav className="gh-ss-entries gh-hs-entries">
      <button type="button" className="gh-ss-entry" onClick={() => void navigate('/hardship')} data-testid="member-entry-hardship">
        <span className="gh-ss-entry-icon" style={{ color: tint, background: `${tint}14` }}>
          <FileOutline />
        </span>
        <span className="gh-ss-entry-text">
          <span className="gh-ss-entry-title">{t('memberHardship.home.mine')}</span>
          <span className="gh-ss-entry-sub">{t('memberHardship.home.mineText')}</span>
        </span>
        <RightOutline className="gh-ss-entry-arrow" />
      </button>
    </nav>
  );
}
