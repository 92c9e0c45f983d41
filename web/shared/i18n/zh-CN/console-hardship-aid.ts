// zh-CN strings of the console's hardship aid tab (see web/console/src/pages/hardship/aid).
export const consoleHardshipAid = {
  title: '',
};
