/** A seeded PRNG (mulberry32), so a failing fault run can be replayed with STRESS_SEED. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** STRESS_SEED when given, else a fresh one; tests print it so a failure can be replayed. */
export const stressSeed = () => (process.env.STRESS_SEED ? Number(process.env.STRESS_SEED) : Date.now() % 2 ** 31);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
