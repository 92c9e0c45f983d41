import type { ThemeConfig } from 'antd';

// Union red as antd's primary colour, shared by the console and the partner page.
export const UNION_RED = '#c8102e';

export const antTheme: ThemeConfig = {
  token: {
    colorPrimary: UNION_RED,
    colorLink: UNION_RED,
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif",
  },
};
