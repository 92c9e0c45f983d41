import { useNavigate } from 'react-router-dom';
import { CalendarOutline, RightOutline, UnorderedListOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import './station-services.css';

/** The home page's ways to 我的驿站预约 and 附近活动, under the tiles. */
export function StationServicesEntries() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const entries = [
    {
      key: 'orders',
      to: '/station-orders',
      icon: <UnorderedListOutline />,
      tint: '#389e0d',
      title: t('memberStationServices.home.myOrders'),
      text: t('memberStationServices.home.myOrdersText'),
    },
    {
      key: 'events',
      to: '/station-events',
      icon: <CalendarOutline />,
      tint: '#0958d9',
      title: t('memberStationServices.home.nearbyEvents'),
      text: t('memberStationServices.home.nearbyEventsText'),
    },
  ];
  return (
    <nav className="gh-ss-entries">
      {entries.map((entry) => (
        <button
          key={entry.key}
          type="button"
          className="gh-ss-entry"
          onClick={() => void navigate(entry.to)}
          data-testid={`member-entry-station-${entry.key}`}
        >
          <span className="gh-ss-entry-icon" style={{ color: entry.tint, background: `${entry.tint}14` }}>
            {entry.icon}
          </span>
          <span className="gh-ss-entry-text">
            <span className="gh-ss-entry-title">{entry.title}</span>
            <span className="gh-ss-entry-sub">{entry.text}</span>
          </span>
          <RightOutline className="gh-ss-entry-arrow" />
        </button>
      ))}
    </nav>
  );
}
