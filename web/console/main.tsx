import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../shared/i18n/index.ts';
import { antTheme } from '../shared/ant-theme.ts';
import { ConsoleApp } from './src/app.tsx';
import './src/styles.css';

dayjs.locale('zh-cn');
document.title = i18n.t('console.title');

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ConfigProvider locale={zhCN} theme={antTheme}>
          <AntApp>
            <BrowserRouter basename="/console">
              <ConsoleApp />
            </BrowserRouter>
          </AntApp>
        </ConfigProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
