import { useNavigate } from 'react-router-dom';
import { FileOutline, RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
// The home page's entries share one look: the station services' rows (我的预约, 附近活动) above this one.
import '../station-services/station-services.css';
import './mutual-aid.css';

/** The home page's way to 我的互助金申请 (the 互助 tile opens the plans). */
export function MutualAidHomeEntry() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tint = '#cf1322';
  return (
    <nav className="gh-ss-entries gh-ma-entries">
      <button
        type="button"
        className="gh-ss-entry"
        onClick={() => void navigate('/mutual-aid/claims')}
        data-testid="member-entry-mutual-aid"
      >
        <span className="gh-ss-entry-icon" style={{ color: tint, background: `${tint}14` }}>
          <FileOutline />
        </span>
        <span className="gh-ss-entry-text">
          <span className="gh-ss-entry-title">{t('memberMutualAid.home.mine')}</span>
          <span className="gh-ss-entry-sub">{t('memberMutualAid.home.mineText')}</span>
        </span>
        <RightOutline className="gh-ss-entry-arrow" />
      </button>
    </nav>
  );
}
