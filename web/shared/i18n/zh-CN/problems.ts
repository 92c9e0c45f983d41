// Problems the forms find before the server does, keyed by the server's problem code and worded as the
// server words them (src/platform/i18n/zh-CN/index.ts, `problems.<code>`): test/architecture.test.ts
// keeps every string here equal to the server's, so a mistake reads the same wherever it is caught.
export const problems = {
  members: {
    id_number_format: '身份证号应为 18 位，最后一位可以是 X',
    id_number_region: '身份证号的地区码不存在',
    id_number_date: '身份证号中的出生日期不正确',
    id_number_checksum: '身份证号校验位不对，请核对是否输错',
    under_age: '未满 16 周岁，不能入会',
  },
  funds: {
    amount_not_integer: '金额须精确到分',
    amount_not_positive: '金额须大于 0',
    amount_too_large: '单笔金额不能超过 1 亿元，请核对是否多填了位数',
  },
  hardship: {
    indicator_weight: '权重应为 0 到 100 之间的整数',
    indicators_none: '至少要有一项指标的权重大于 0',
  },
  'mutual-aid': {
    id_number_format: '身份证号应为 18 位（最后一位可以是 X）',
    id_number_date: '身份证号中的出生日期不对',
    id_number_checksum: '身份证号校验位不对，请逐位核对',
    name_invalid: '姓名不对：请填写 2 到 30 个字的真实姓名',
    health_declaration: '请先确认健康告知',
    bank_account_invalid: '银行卡号应为 12 到 19 位数字',
    date_future: '日期不能晚于今天',
    discharge_before_admission: '出院日期不能早于入院日期',
  },
};
