import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import type { Figures, NodeFigures } from '../api.ts';

const OWN = ['receivedFen', 'passedOnFen', 'spentFen', 'availableFen'] as const;
// A subtree passes nothing on (allocations stay inside it): what reached it, what it paid, what it holds.
const SUBTREE = ['receivedFen', 'spentFen', 'availableFen'] as const;
type Figure = (typeof OWN)[number];

const testName = (figure: Figure) => figure.replace(/Fen$/, '');

function FigureCard({
  title,
  hint,
  figures,
  keys,
  testId,
}: {
  title: string;
  hint: string;
  figures: Figures;
  keys: readonly Figure[];
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Tooltip title={hint}>
          <QuestionCircleOutlined className="gh-funds-hint" />
        </Tooltip>
      }
      className="gh-stat-card"
      data-testid={testId}
    >
      <div className="gh-funds-figures">
        {keys.map((key) => (
          <div key={key} className="gh-funds-figure" data-testid={`${testId}-${testName(key)}`}>
            <Statistic
              title={t(`consoleFunds.figures.${key}`)}
              value={formatFen(figures[key])}
              styles={{ content: key === 'availableFen' ? { color: '#c8102e', fontWeight: 600 } : undefined }}
            />
          </div>
        ))}
      </div>
    </Card>
  );
}

/** The union's own account and its subtree's total, side by side. */
export function FiguresCards({ node }: { node: NodeFigures }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <FigureCard
          title={t('consoleFunds.figures.own', { org: node.org.name })}
          hint={t('consoleFunds.figures.ownHint')}
          figures={node.own}
          keys={OWN}
          testId="funds-own"
        />
      </Col>
      <Col xs={24} xl={10}>
        <FigureCard
          title={t('consoleFunds.figures.subtree')}
          hint={t('consoleFunds.figures.subtreeHint')}
          figures={node.subtree}
          keys={SUBTREE}
          testId="funds-subtree"
        />
      </Col>
    </Row>
  );
}
