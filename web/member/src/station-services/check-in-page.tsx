import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, DotLoading, NavBar } from 'antd-mobile';
import { CheckOutline, CloseOutline, EnvironmentOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText, isApiError } from '../../../shared/api.ts';
import { stationServicesApi, type CheckIn } from './api.ts';
import './station-services.css';

type CheckInState =
  | { state: 'checking' }
  | { state: 'done'; checkIn: CheckIn }
  | { state: 'invalid'; message: string }
  | { state: 'failed'; message: string };

// One request per code and page load: React may run the effect twice, and a second check-in would
// read "already checked in today" to a rider who has just checked in.
const asked = new Map<string, Promise<CheckIn>>();
function checkInOnce(code: string): Promise<CheckIn> {
  let answer = asked.get(code);
  if (!answer) {
    answer = stationServicesApi.checkIn(code);
    asked.set(code, answer);
    answer.catch(() => asked.delete(code));
  }
  return answer;
}

/**
 * What a rider's phone opens from a station's printed QR (WeChat's scanner opens the address it holds,
 * /stations/check-in?c=…): sign in first if need be (the route keeps this address), then the check-in
 * is sent at once and the page says 签到成功 or 今天已签到, where, and how many came today.
 */
export function StationCheckInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const code = search.get('c')?.trim() ?? '';
  const [result, setResult] = useState<CheckInState>(() =>
    code ? { state: 'checking' } : { state: 'invalid', message: t('memberStationServices.checkIn.noCodeText') },
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!code) return undefined;
    let current = true;
    setResult({ state: 'checking' });
    checkInOnce(code).then(
      (checkIn) => current && setResult({ state: 'done', checkIn }),
      (error: unknown) => {
        if (!current) return;
        const invalid = isApiError(error) && error.code === 'stations.check_in_code_invalid';
        setResult({ state: invalid ? 'invalid' : 'failed', message: errorText(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [code, attempt]);

  let body;
  if (result.state === 'checking')
    body = (
      <section className="gh-ss-result" data-testid="check-in-checking">
        <DotLoading color="primary" />
        <p className="gh-ss-result-text">{t('memberStationServices.checkIn.checking')}</p>
      </section>
    );
  else if (result.state === 'done') {
    const { checkIn } = result;
    body = (
      <section className="gh-ss-result" data-testid="check-in-done" data-counted={checkIn.counted}>
        <span className={`gh-ss-result-icon${checkIn.counted ? '' : ' gh-ss-result-icon-info'}`}>
          <CheckOutline />
        </span>
        <h2 className="gh-ss-result-title" data-testid="check-in-title">
          {checkIn.counted ? t('memberStationServices.checkIn.counted') : t('memberStationServices.checkIn.already')}
        </h2>
        <p className="gh-ss-result-text">
          {checkIn.counted ? t('memberStationServices.checkIn.countedText') : t('memberStationServices.checkIn.alreadyText')}
        </p>
        <div className="gh-ss-result-facts">
          <strong data-testid="check-in-station">{checkIn.station.name}</strong>
          <div className="gh-muted">{checkIn.station.address}</div>
          <div data-testid="check-in-visits">{t('memberStationServices.checkIn.visitsToday', { n: checkIn.visitsToday })}</div>
        </div>
        <Button
          block
          color="primary"
          size="large"
          shape="rounded"
          onClick={() => void navigate(`/stations/${checkIn.station.id}`)}
          data-testid="check-in-station-link"
        >
          {t('memberStationServices.checkIn.viewStation')}
        </Button>
        <Button block size="large" shape="rounded" onClick={() => void navigate('/')}>
          {t('memberStationServices.checkIn.home')}
        </Button>
      </section>
    );
  } else
    body = (
      <section className="gh-ss-result" data-testid="check-in-problem" data-state={result.state}>
        <span className="gh-ss-result-icon gh-ss-result-icon-warn">
          {result.state === 'invalid' ? <CloseOutline /> : <EnvironmentOutline />}
        </span>
        <h2 className="gh-ss-result-title">
          {result.state === 'invalid' ? t('memberStationServices.checkIn.invalidTitle') : t('memberStationServices.checkIn.failedTitle')}
        </h2>
        <p className="gh-ss-result-text" data-testid="check-in-problem-text">
          {result.message}
        </p>
        {result.state === 'failed' && (
          <Button block color="primary" size="large" shape="rounded" onClick={() => setAttempt((n) => n + 1)}>
            {t('memberStationServices.retry')}
          </Button>
        )}
        <Button block size="large" shape="rounded" onClick={() => void navigate('/')}>
          {t('memberStationServices.checkIn.home')}
        </Button>
      </section>
    );

  return (
    <div className="gh-page gh-sub-page" data-testid="check-in-page">
      <NavBar onBack={() => void navigate('/')} className="gh-nav">
        {t('memberStationServices.checkIn.title')}
      </NavBar>
      {body}
    </div>
  );
}
