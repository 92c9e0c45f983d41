import { errors } from './errors.js';

// Field-level problems (errors[].message), labels and message templates.
const problems = {
  'problems.common.value_out_of_range': '数值或日期超出允许范围',
  'problems.common.invalid_characters': '包含无法识别或看不见的字符（控制字符、零宽字符、文字方向控制符），请删除后重新填写',
  'problems.common.invalid_day': '不是有效的日期（应为 YYYY-MM-DD，如 2026-07-01）',
  'problems.common.invalid_instant': '不是有效的时间（应为 ISO 8601，如 2026-07-01T08:00:00+08:00）',
  // A scheduled job's run, as the console's job history shows it (platform/jobs/scheduler.ts).
  'problems.jobs.interrupted': '数据库暂时不可用（如主备切换），本次运行中断；数据库恢复后自动重新运行。原因：{detail}',
  'problems.jobs.abandoned': '运行它的实例（{instance}）已停止，本次运行未完成；已由 {takenBy} 接手重新运行',
  'problems.files.not_xlsx': '不是有效的 .xlsx 文件（请用 Excel 另存为 .xlsx 或 .csv）',
  'problems.files.not_csv': 'CSV 格式有误：{detail}',
  'problems.files.empty': '文件里没有数据行',
  'problems.files.too_large': '文件超过 {mb} MB',
  'problems.files.encoding_mixed': '文件开头是 UTF-8 编码，后面却出现了其他编码的文字：请在 Excel 中重新另存为「CSV UTF-8」后再上传',
  'problems.files.mapped_header_missing': '文件中没有列对应里选择的表头：{headers}',
  'problems.files.excel_scientific':
    '「{column}」被 Excel 显示成了科学计数法（如 3.30603E+17），后几位数字已经丢失：请在 Excel 中把这一列设为「文本」格式，重新填入完整号码后再导入',
} as const;

const labels = {
  // The bank file (platform/files/bank-file.ts): its sheet, who exported it, the seven common columns, the total.
  'files.bank.sheet': '代发清单',
  'files.bank.byline': '导出人：{name}　导出时间：{time}',
  'files.bank.col.no': '序号',
  'files.bank.col.name': '收款人姓名',
  'files.bank.col.idNumber': '身份证号',
  'files.bank.col.bank': '开户银行',
  'files.bank.col.account': '银行账号',
  'files.bank.col.amount': '金额（元）',
  'files.bank.col.memo': '摘要',
  'files.bank.total': '合计',
  'sms.sign_in_code': '【工惠】您的登录验证码为 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本短信。',
} as const;

export const zhCN: Readonly<Record<string, string>> = {
  ...errors,
  ...problems,
  ...labels,
};
