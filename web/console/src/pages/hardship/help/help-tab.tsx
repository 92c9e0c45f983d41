import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { CallbacksPanel } from './callbacks.tsx';
import { CardScanPage } from './card-page.tsx';
import { ContactsDuePanel } from './contacts-due.tsx';
import { HelpCardPrintPage } from './help-card.tsx';
import { NeedsPanel } from './needs.tsx';
import './help.css';

const SECTIONS = ['due', 'callbacks', 'needs'] as const;
type Section = (typeof SECTIONS)[number];
const PATH: Record<Section, string> = { due: '/hardship/help', callbacks: '/hardship/help/callbacks', needs: '/hardship/help/needs' };

/**
 * 结对帮扶 (/hardship/help/*), 冀北's way of staying with a family: the families due their weekly
 * contact (the landing section), the week's random call-backs, the workers' needs, and two pages of
 * their own — the family a scanned help card opens (card?c=…) and a help card to print (print/:fileId).
 */
export function HelpTab() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const rest = location.pathname.replace(/^\/hardship\/help\/?/, '').split('/')[0] ?? '';
  const section: Section | null = rest === '' ? 'due' : SECTIONS.includes(rest as Section) ? (rest as Section) : null;

  return (
    <div className="gh-help" data-testid="hardship-help">
      {section && (
        <Segmented<Section>
          className="gh-help-sections"
          value={section}
          onChange={(next) => void navigate(PATH[next])}
          options={SECTIONS.map((s) => ({
            value: s,
            label: <span data-testid={`help-section-${s}`}>{t(`consoleHardshipHelp.sections.${s}`)}</span>,
          }))}
        />
      )}
      <Routes>
        <Route index element={<ContactsDuePanel />} />
        <Route path="callbacks" element={<CallbacksPanel />} />
        <Route path="needs" element={<NeedsPanel />} />
        <Route path="card" element={<CardScanPage />} />
        <Route path="print/:fileId" element={<HelpCardPrintPage />} />
        <Route path="*" element={<Navigate to="/hardship/help" replace />} />
      </Routes>
    </div>
  );
}
