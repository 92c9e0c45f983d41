import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Row, Segmented, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../../shared/format.ts';
import { EChart } from '../../../components/charts/echart.tsx';
import { problemText } from '../../../components/problem-text.ts';
import { stationServicesApi, type CheckInCode, type StationSummary, type VisitDay } from '../api.ts';
import { visitsLineOption } from '../charts.ts';
import { everyDay, lastDays, shanghaiDay } from '../rules.ts';

type Paper = 'A4' | 'A5';
const PAPER_MM: Record<Paper, { width: number; height: number }> = { A4: { width: 210, height: 297 }, A5: { width: 148, height: 210 } };

/**
 * 签到码: a station's check-in QR on a poster to print and put up (A4 or A5: the union's name, 微信扫码签到,
 * the code, the station), and beside it the station's visits per day over the last 30 days.
 * /station-services/check-in/:stationId.
 */
export function CheckInPage() {
  const { t } = useTranslation();
  const { stationId = '' } = useParams();
  const navigate = useNavigate();
  const [code, setCode] = useState<CheckInCode | null>(null);
  const [station, setStation] = useState<StationSummary | null>(null);
  const [union, setUnion] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [qrFailed, setQrFailed] = useState(false);
  const [visits, setVisits] = useState<VisitDay[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [paper, setPaper] = useState<Paper>('A4');
  const k = 'consoleStationServices.checkIn';
  const range = useMemo(() => lastDays(shanghaiDay(new Date())), []);

  useEffect(() => {
    let cancelled = false;
    setProblem(null);
    Promise.all([stationServicesApi.checkInCode(stationId), stationServicesApi.station(stationId)])
      .then(([found, s]) => {
        if (cancelled) return;
        setCode(found);
        setStation(s);
        // The code names the station's union: staff with a stations role alone may not read the orgs API.
        setUnion(found.orgName);
      })
      .catch((error: unknown) => !cancelled && setProblem(problemText(error)));
    stationServicesApi
      .visits(stationId, range)
      .then(({ items }) => !cancelled && setVisits(items))
      .catch(() => !cancelled && setVisits([]));
    return () => {
      cancelled = true;
    };
  }, [stationId, range]);

  useEffect(() => {
    if (!code) return;
    let cancelled = false;
    // An SVG stays sharp at any print size; error correction M survives a little wear on the wall.
    QRCode.toString(code.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 })
      .then((svg) => !cancelled && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => !cancelled && setQrFailed(true));
    return () => {
      cancelled = true;
    };
  }, [code]);

  const days = useMemo(() => everyDay(range.from, range.to, visits ?? []), [range, visits]);
  const total = days.reduce((sum, d) => sum + d.visits, 0);
  const option = useMemo(() => visitsLineOption(days, { series: t(`${k}.visitsChart`) }), [days, t]);
  const size = PAPER_MM[paper];

  return (
    <div className="gh-ss-check-in" data-testid="check-in-page">
      {/* The printed page's size, while this page is open: the poster fills it edge to edge. */}
      <style>{`@page { size: ${paper} portrait; margin: 0; }`}</style>
      <div className="gh-toolbar gh-ss-no-print" style={{ marginBottom: 16 }}>
        <Space size={12}>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/station-services/events?station=${stationId}`)}>
            {t(`${k}.back`)}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t(`${k}.title`)}
          </Typography.Title>
        </Space>
        <Space>
          <Typography.Text type="secondary">{t(`${k}.paper`)}</Typography.Text>
          <Segmented<Paper> value={paper} onChange={setPaper} options={['A4', 'A5']} data-testid="check-in-paper" />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!qr} data-testid="check-in-print">
            {t(`${k}.print`)}
          </Button>
        </Space>
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-ss-no-print" style={{ marginBottom: 16 }} />}
      {!problem && (
        <Row gutter={[24, 24]} wrap={false} className="gh-ss-check-in-row">
          <Col flex="none" className="gh-ss-poster-col">
            <div
              className="gh-ss-poster"
              style={
                {
                  '--gh-paper-w': `${size.width}mm`,
                  '--gh-paper-h': `${size.height}mm`,
                  aspectRatio: `${size.width} / ${size.height}`,
                } as React.CSSProperties
              }
              data-testid="check-in-poster"
            >
              <div className="gh-ss-poster-band">
                <img src="/icon.svg" alt="" className="gh-ss-poster-logo" />
                <span data-testid="check-in-union">{union ?? ''}</span>
              </div>
              <div className="gh-ss-poster-body">
                <div className="gh-ss-poster-scan">{t(`${k}.posterScan`)}</div>
                <div className="gh-ss-poster-qr">
                  {qr ? (
                    <img src={qr} alt={code?.url ?? ''} data-testid="check-in-qr" />
                  ) : qrFailed ? (
                    <Typography.Text type="danger">{t(`${k}.qrFailed`)}</Typography.Text>
                  ) : (
                    <Spin />
                  )}
                </div>
                <div className="gh-ss-poster-station" data-testid="check-in-station">
                  {code?.stationName ?? ''}
                </div>
                <div className="gh-ss-poster-address">{station?.address ?? ''}</div>
                <div className="gh-ss-poster-note">{t(`${k}.posterNote`)}</div>
              </div>
              <div className="gh-ss-poster-foot">{t('common.appFullName')}</div>
            </div>
          </Col>
          <Col flex="auto" className="gh-ss-no-print" style={{ minWidth: 0 }}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small">
                <Typography.Paragraph style={{ marginBottom: 8 }}>{t(`${k}.printHint`)}</Typography.Paragraph>
                {station && station.status !== 'open' && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 8 }}
                    title={t(`${k}.stationClosed`, { status: t(`consoleStationServices.stationStatus.${station.status}`) })}
                  />
                )}
                {code && (
                  <>
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                      {t(`${k}.expires`, { day: formatDate(code.expiresAt) })}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">{t('common.labelSuffix', { label: t(`${k}.url`) })}</Typography.Text>
                    <Typography.Paragraph
                      copyable={{ text: code.url }}
                      className="gh-ss-url"
                      ellipsis={{ rows: 2 }}
                      style={{ marginBottom: 0 }}
                    >
                      {code.url}
                    </Typography.Paragraph>
                  </>
                )}
              </Card>
              <Card
                size="small"
                title={t(`${k}.visits`)}
                extra={<Typography.Text type="secondary">{`${range.from} ~ ${range.to}`}</Typography.Text>}
                data-testid="check-in-visits"
              >
                {visits === null ? (
                  <div className="gh-center-pad">
                    <Spin />
                  </div>
                ) : (
                  <>
                    <Typography.Text strong data-testid="check-in-visits-total">
                      {t(`${k}.visitsTotal`, { count: total })}
                    </Typography.Text>
                    {total === 0 ? (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`${k}.visitsEmpty`)} />
                    ) : (
                      <EChart option={option} height={220} ariaLabel={t(`${k}.visitsChart`)} />
                    )}
                  </>
                )}
              </Card>
            </Space>
          </Col>
        </Row>
      )}
    </div>
  );
}
