import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NodeFigures } from '../api.ts';
import { Money } from './words.tsx';

type Own = 'receivedFen' | 'passedOnFen' | 'spentFen' | 'availableFen';
type Subtree = 'receivedFen' | 'spentFen' | 'availableFen';

/** The unions directly below the one on screen that the fund's money reached, each with its own and its subtree's figures; a row drills down. */
export function ChildrenTable({
  items,
  loading,
  onDrill,
}: {
  items: NodeFigures[];
  loading: boolean;
  onDrill: (child: NodeFigures) => void;
}) {
  const { t } = useTranslation();
  const k = 'consoleFunds.children';
  const money = (part: 'own' | 'subtree', key: Own | Subtree, width = 130) => ({
    key: `${part}-${key}`,
    title: t(`consoleFunds.figures.${key}`),
    width,
    align: 'right' as const,
    render: (_: unknown, row: NodeFigures) => <Money fen={row[part][key]} strong={key === 'availableFen'} />,
  });
  return (
    <Card size="small" title={t(`${k}.title`)} extra={<Typography.Text type="secondary">{t(`${k}.drillHint`)}</Typography.Text>}>
      <Table<NodeFigures>
        rowKey={(row) => row.org.id}
        size="small"
        loading={loading}
        dataSource={items}
        pagination={items.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
        locale={{ emptyText: t(`${k}.empty`) }}
        scroll={{ x: 1020 }}
        rowClassName="gh-funds-drill"
        data-testid="funds-children"
        onRow={(row) =>
          ({
            'data-testid': `funds-child-${row.org.id}`,
            onClick: () => onDrill(row),
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'org',
            title: t(`${k}.union`),
            fixed: 'left',
            render: (_, row) => <Typography.Link data-testid="funds-child-name">{row.org.name}</Typography.Link>,
          },
          {
            key: 'own',
            title: t(`${k}.own`),
            children: [money('own', 'receivedFen'), money('own', 'passedOnFen'), money('own', 'spentFen'), money('own', 'availableFen')],
          },
          {
            key: 'subtree',
            title: t(`${k}.subtree`),
            children: [money('subtree', 'receivedFen'), money('subtree', 'spentFen'), money('subtree', 'availableFen')],
          },
        ]}
      />
    </Card>
  );
}
