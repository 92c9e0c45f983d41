// The staff module's zh-CN messages: error titles, field problems and labels (installed with the module list).
export const staffMessages = {
  'errors.staff.not_found': '找不到该工作人员，或不在您的管辖范围内',
  'errors.staff.username_taken': '用户名已被使用',
  'errors.staff.password_weak': '密码强度不够',
  'errors.staff.role_above_own': '不能授予高于您本人的权限',
  'errors.staff.target_outranks': '该账号的权限高于您，不能由您修改或重置',
  'errors.staff.cannot_change_self': '不能修改自己的角色或状态',
  'errors.staff.invalid_role': '角色设置有误',
  'problems.staff.password_too_short': '密码至少 10 位',
  'problems.staff.password_too_simple': '密码须包含大写字母、小写字母、数字、符号中的至少三类',
} as const;
