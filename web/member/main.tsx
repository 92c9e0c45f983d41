import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../shared/i18n/index.ts';
import { MemberApp } from './src/app.tsx';
import './src/styles.css';

document.title = i18n.t('member.title');

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ConfigProvider locale={zhCN}>
          <BrowserRouter basename="/">
            <MemberApp />
          </BrowserRouter>
        </ConfigProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
