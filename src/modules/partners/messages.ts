// The partners module's zh-CN messages: error titles, field problems and labels (installed with the module list).
export const partnersMessages = {
  'errors.partners.not_found': '找不到该合作单位，或不在您的管辖范围内',
  'errors.partners.key_not_found': '找不到该接口密钥',
  'errors.partners.key_already_revoked': '该接口密钥已吊销',
  'errors.partners.uscc_invalid': '统一社会信用代码有误',
  'errors.partners.phone_invalid': '请输入正确的手机号码',
} as const;
