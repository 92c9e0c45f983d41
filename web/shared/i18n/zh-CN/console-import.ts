// zh-CN strings of the console's file imports, shared by every page that uploads a table (the members
// roll, the census lists): choosing the file, the column mapping step, the progress bar.
export const consoleImport = {
  chooseFile: '点击或拖入文件',
  fileHint: '支持 .xlsx、.csv（UTF-8 或 GBK 编码均可），单个文件最大 {{mb}} MB',
  tooLarge: '文件超过服务器允许的 {{mb}} MB，请分成几个文件导入',
  unsupported: '只支持 .xlsx 或 .csv 文件',
  next: '下一步：核对列',
  reading: '正在读取文件…',
  mappingTitle: '核对列：{{fileName}}',
  mappingField: '导入字段',
  mappingColumn: '文件中的列',
  notImported: '（不导入）',
  required: '必填',
  samplesTitle: '文件的前 {{count}} 行',
  encoding: '文件编码：{{encoding}}',
  encodingXlsx: 'Excel 工作簿（.xlsx）',
  encodings: {
    'utf-8': 'UTF-8',
    'utf-8-bom': 'UTF-8（带 BOM）',
    gb18030: 'GBK（中文 Excel 默认的 CSV 编码，已自动识别）',
  },
  missingRequired: '请为必填字段选择文件中的列：{{fields}}',
  back: '返回',
  progressRows: '已处理 {{processed}} / {{total}} 行',
} as const;
