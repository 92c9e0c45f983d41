// Money as people read it. Amounts are integer fen everywhere; only what is shown is yuan.

/**
 * Fen as yuan with thousands separators and two decimals: 123450 → '1,234.50'. Every sum in a
 * message's params is given this way, so that the message reads "{amount} 元".
 */
export function formatYuan(fen: number): string {
  const whole = Math.round(fen);
  const abs = Math.abs(whole);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole < 0 ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
