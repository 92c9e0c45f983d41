// Masking for screens and exports: enough to recognise a person, not enough to identify one.

/** 330603199001011234 → 3306**********1234 */
export function maskIdNumber(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** 13812345678 → 138****5678 */
export function maskMobile(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧**娜 */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 1) return value;
  if (chars.length === 2) return `${chars[0] ?? ''}*`;
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1] ?? ''}`;
}

/** Keeps the head of an organisation or address name: 浙江省绍兴市柯桥区xx路18号 → 浙江省绍兴市柯桥区****** */
export function maskAddress(value: string, keep = 9): string {
  const chars = Array.from(value);
  if (chars.length <= keep) return value;
  return `${chars.slice(0, keep).join('')}${'*'.repeat(Math.min(6, chars.length - keep))}`;
}
