// zh-CN strings of the console's hardship help tab (see web/console/src/pages/hardship/help).
export const consoleHardshipHelp = {
  title: '',
};
