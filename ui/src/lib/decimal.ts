/**
 * Exact sums, products and quotients of the decimal strings money arrives as (design rule 3):
 * an average fill price or a total fee must not pick up binary floating-point noise on screen.
 */

interface Dec {
  n: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

function parse(text: string): Dec | null {
  const m = DECIMAL.exec(text.trim());
  if (m === null) return null;
  const [, sign = '', int = '', frac = ''] = m;
  if (int === '' && frac === '') return null;
  const n = BigInt(`${int}${frac}` || '0');
  return { n: sign === '-' ? -n : n, scale: frac.length };
}

const pow10 = (k: number): bigint => 10n ** BigInt(k);

function align(a: Dec, scale: number): bigint {
  return a.n * pow10(scale - a.scale);
}

function format(d: Dec): string {
  const negative = d.n < 0n;
  const digits = (negative ? -d.n : d.n).toString().padStart(d.scale + 1, '0');
  let text = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return negative && text !== '0' ? `-${text}` : text;
}

/** The sum of decimal strings; `null` when one is no number. */
export function decimalSum(values: readonly string[]): string | null {
  const parsed = values.map(parse);
  if (parsed.some((p) => p === null)) return null;
  const decs = parsed as Dec[];
  const scale = Math.max(0, ...decs.map((d) => d.scale));
  return format({ n: decs.reduce((sum, d) => sum + align(d, scale), 0n), scale });
}

/**
 * Σ(value × weight) / Σ(weight), rounded half away from zero to `digits` decimals and shown
 * without trailing zeros: a volume-weighted average price. `null` with no weight or bad input.
 */
export function weightedAverage(pairs: readonly { value: string; weight: string }[], digits = 8): string | null {
  let num: Dec = { n: 0n, scale: 0 };
  let den: Dec = { n: 0n, scale: 0 };
  for (const { value, weight } of pairs) {
    const v = parse(value);
    const w = parse(weight);
    if (v === null || w === null) return null;
    const product: Dec = { n: v.n * w.n, scale: v.scale + w.scale };
    const s1 = Math.max(num.scale, product.scale);
    num = { n: align(num, s1) + align(product, s1), scale: s1 };
    const s2 = Math.max(den.scale, w.scale);
    den = { n: align(den, s2) + align(w, s2), scale: s2 };
  }
  if (den.n === 0n) return null;
  // num / den at `digits` decimals: (num.n / 10^num.scale) / (den.n / 10^den.scale) × 10^digits.
  const top = num.n * pow10(digits + den.scale + 1);
  const bottom = den.n * pow10(num.scale);
  let q = top / bottom; // one extra digit for rounding
  q = q >= 0n ? (q + 5n) / 10n : (q - 5n) / 10n;
  return format({ n: q, scale: digits });
}
