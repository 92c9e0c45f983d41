// zh-CN strings of the console's competition ranking tab (see web/console/src/pages/hardship/ranking).
export const consoleHardshipRanking = {
  title: '',
};
