import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { PayoutLine } from './api.ts';
import { yuan } from './rules.ts';

/** How a payout is made up: each benefit, the amount it was computed on, what it pays, and whether its cap held it. */
export function PayoutLines({ lines }: { lines: readonly PayoutLine[] }) {
  const { t } = useTranslation();
  return (
    <ul className="gh-ma-lines" data-testid="mutual-aid-payout-lines">
      {lines.map((line, i) => (
        <li key={`${line.kind}-${String(i)}`} data-testid="mutual-aid-payout-line" data-kind={line.kind} data-fen={line.payoutFen}>
          <div className="gh-ma-line-main">
            <span className="gh-ma-line-name">{t(`memberMutualAid.benefitName.${line.kind}`)}</span>
            <span className="gh-ma-line-amount">{t('memberMutualAid.yuan', { amount: yuan(line.payoutFen) })}</span>
          </div>
          <div className="gh-muted gh-ma-line-base">
            {t('memberMutualAid.result.lineBase', { amount: yuan(line.baseFen) })}
            {line.capped && (
              <Tag color="warning" fill="outline" className="gh-ma-line-capped">
                {t('memberMutualAid.result.capped')}
              </Tag>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
