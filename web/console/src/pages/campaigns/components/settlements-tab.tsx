import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Select, Space, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDate, formatFen } from '../../../../../shared/format.ts';
import { problemText } from '../../../components/problem-text.ts';
import { campaignsApi, type Campaign, type SettlementLine, type SettlementQuery } from '../api.ts';
import { settlementTotals } from '../rules.ts';

/** What the union pays each merchant: redemptions per day, merchant and campaign over a range, with totals and the .xlsx. */
export function SettlementsTab() {
  const { t } = useTranslation();
  // This month so far, in the platform's calendar (Asia/Shanghai), whatever the browser's zone.
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const today = dayjs(formatDate(new Date()));
    return [today.startOf('month'), today];
  });
  const [campaignId, setCampaignId] = useState<string | undefined>(undefined);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [lines, setLines] = useState<SettlementLine[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);

  const query: SettlementQuery = {
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    ...(campaignId ? { campaignId } : {}),
  };
  const key = JSON.stringify(query);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setLines((await campaignsApi.settlements(JSON.parse(key) as SettlementQuery)).items);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    // The filter offers the 200 newest campaigns: a union settles the recent ones.
    campaignsApi
      .list(undefined, undefined, 200)
      .then(({ items }) => setCampaigns(items.filter((c) => c.status !== 'draft' && c.status !== 'pending')))
      .catch(() => undefined);
  }, []);

  const totals = settlementTotals(lines);

  return (
    <div data-testid="campaign-settlements">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('consoleCampaigns.settlements.range')}</Typography.Text>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
          data-testid="settlement-range"
        />
        <Select
          allowClear
          style={{ width: 220 }}
          placeholder={t('consoleCampaigns.settlements.allCampaigns')}
          value={campaignId}
          onChange={setCampaignId}
          options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
        />
        <Button icon={<SearchOutlined />} onClick={() => void load()}>
          {t('consoleCampaigns.settlements.query')}
        </Button>
        <Tooltip title={t('consoleCampaigns.settlements.exportHint')}>
          <Button icon={<DownloadOutlined />} href={campaignsApi.settlementExportUrl(query)} download data-testid="settlement-export">
            {t('consoleCampaigns.settlements.export')}
          </Button>
        </Tooltip>
      </Space>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Table<SettlementLine>
        rowKey={(l) => `${l.day}|${l.partnerId}|${l.campaignId}`}
        size="middle"
        loading={loading}
        dataSource={lines}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('consoleCampaigns.settlements.empty') }}
        columns={[
          { key: 'day', title: t('consoleCampaigns.settlements.day'), dataIndex: 'day', width: 120 },
          { key: 'partner', title: t('consoleCampaigns.settlements.partner'), dataIndex: 'partnerName' },
          { key: 'campaign', title: t('consoleCampaigns.settlements.campaign'), dataIndex: 'campaignName' },
          { key: 'redeemed', title: t('consoleCampaigns.settlements.redeemed'), dataIndex: 'redeemed', align: 'right' },
          {
            key: 'order',
            title: t('consoleCampaigns.settlements.orderAmount'),
            align: 'right',
            render: (_, l) => formatFen(l.orderAmountFen),
          },
          {
            key: 'discount',
            title: t('consoleCampaigns.settlements.discount'),
            align: 'right',
            render: (_, l) => formatFen(l.discountFen),
          },
        ]}
        summary={() =>
          lines.length > 0 ? (
            <Table.Summary.Row data-testid="settlement-totals">
              <Table.Summary.Cell index={0} colSpan={3}>
                <Typography.Text strong>{t('consoleCampaigns.settlements.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Typography.Text strong>{totals.redeemed}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text strong>{formatFen(totals.orderAmountFen)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <Typography.Text strong>{formatFen(totals.discountFen)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}
