import { Navigate, Route, Routes } from 'react-router-dom';
import { FundList } from './components/fund-list.tsx';
import { FundView } from './components/fund-view.tsx';
import './funds.css';

/**
 * 资金管理: the funds the staff member's unions run or receive (the landing page), and one fund at a
 * union (/funds/:fundId?org=&tab=) — its figures, the unions below it the money reached (a row drills
 * down, the breadcrumb leads back up), money in, down and out, and the union's statement.
 */
export function FundsPage() {
  return (
    <Routes>
      <Route index element={<FundList />} />
      <Route path=":fundId" element={<FundView />} />
      <Route path="*" element={<Navigate to="/funds" replace />} />
    </Routes>
  );
}
