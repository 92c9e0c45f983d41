import { Button } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import type { LocationFailure } from './location.ts';

const HOW_TO = ['refresh', 'android', 'iphone', 'gps'] as const;

/**
 * Why there is no position and what to do about it. Refused is the common case inside WeChat (its own
 * prompt, then the phone's permission for WeChat), so that one spells out where to switch it on.
 */
export function LocationProblem({ reason, onRetry }: { reason: LocationFailure; onRetry: () => void }) {
  const { t } = useTranslation();
  const title = {
    denied: t('memberStations.locate.deniedTitle'),
    unavailable: t('memberStations.locate.unavailableTitle'),
    timeout: t('memberStations.locate.timeoutTitle'),
    unsupported: t('memberStations.locate.unsupportedTitle'),
    insecure: t('memberStations.locate.insecureTitle'),
  }[reason];
  const text = {
    denied: t('memberStations.locate.deniedText'),
    unavailable: t('memberStations.locate.unavailableText'),
    timeout: t('memberStations.locate.timeoutText'),
    unsupported: t('memberStations.locate.unsupportedText'),
    insecure: t('memberStations.locate.insecureText'),
  }[reason];
  const canRetry = reason !== 'unsupported' && reason !== 'insecure';
  return (
    <section className="gh-st-state" data-testid="stations-location-problem" data-reason={reason}>
      <span className="gh-st-state-icon gh-st-state-icon-warn">
        <EnvironmentOutline />
      </span>
      <h2 className="gh-st-state-title">{title}</h2>
      <p className="gh-st-state-text">{text}</p>
      {reason === 'denied' && (
        <div className="gh-st-howto">
          <div className="gh-st-howto-title">{t('memberStations.locate.howTo')}</div>
          <ol>
            {HOW_TO.map((step) => (
              <li key={step}>{t(`memberStations.locate.howToSteps.${step}`)}</li>
            ))}
          </ol>
        </div>
      )}
      {canRetry && (
        <Button block color="primary" size="large" shape="rounded" onClick={onRetry} data-testid="stations-locate-retry">
          {t('memberStations.locate.retry')}
        </Button>
      )}
    </section>
  );
}
