/**
 * Builds fødselsnummer / D-nummer for tests from the published control-digit rules (Skatteetaten):
 * k1 = 11 − (3,7,6,1,8,9,4,5,2 · d) mod 11 (from 2032 also 12/13/14 − sum mod 11), k2 = 11 − (5,4,3,2,7,6,5,4,3,2 · d) mod 11.
 * A control digit of 11 becomes 0; 10 makes the number impossible (returns undefined).
 */
const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function weighted(digits: number[], weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0);
}

/** `nine` = birth date (ddmmyy, +40 on day for D-nummer) + 3-digit individnummer; `rest` 0 = current rule. */
export function withControlDigits(nine: string, rest: 0 | 1 | 2 | 3 = 0): string | undefined {
  const d = [...nine].map(Number);
  let k1 = 11 + rest - (weighted(d, W1) % 11);
  if (k1 > 10) k1 -= 11;
  if (k1 === 10) return undefined;
  let k2 = 11 - (weighted([...d, k1], W2) % 11);
  if (k2 === 11) k2 = 0;
  if (k2 === 10) return undefined;
  return `${nine}${k1}${k2}`;
}

/** The first valid number (current rule) for a birth date, trying individnummer upwards. */
export function validFnr(ddmmyy = '010190'): string {
  for (let i = 100; i < 500; i++) {
    const n = withControlDigits(`${ddmmyy}${i}`);
    if (n) return n;
  }
  throw new Error('no valid number found');
}
