/**
 * The dataset's only source of chance: sfc32, a small fast PRNG (32-bit state words), seeded from
 * the run's seed and a label. Every simulated person or campaign draws from its own stream
 * (`Random.of(seed, 'client', 17)`), so what one client does never shifts another's draws.
 */
export class Random {
  private constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {
    for (let i = 0; i < 12; i += 1) this.u32(); // let the seed's bits spread through the state
  }

  /** The stream named by `labels` under `seed`: the same seed and labels always give the same draws. */
  static of(seed: number, ...labels: (string | number)[]): Random {
    const [a, b, c, d] = cyrb128(`${seed}\u0000${labels.join('\u0000')}`);
    return new Random(a, b, c, d);
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An index drawn with the given (non-negative) weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, w) => sum + w, 0);
    let draw = this.next() * total;
    for (let i = 0; i < weights.length; i += 1) {
      draw -= weights[i];
      if (draw < 0) return i;
    }
    return weights.length - 1;
  }

  /** How many times a thing that happens `rate` times per unit on average happens in one unit (Poisson). */
  poisson(rate: number): number {
    const limit = Math.exp(-rate);
    let count = 0;
    for (let product = this.next(); product > limit; product *= this.next()) count += 1;
    return count;
  }

  /** A version-4-shaped UUID from this stream: reproducible where the application would draw a random one. */
  uuid(): string {
    const a = this.u32();
    const b = ((this.u32() & 0xffff0fff) | 0x4000) >>> 0;
    const c = ((this.u32() & 0x3fffffff) | 0x80000000) >>> 0;
    const d = this.u32();
    return `${hex4(a)}-${HEX[(b >>> 24) & 255]}${HEX[(b >>> 16) & 255]}-${HEX[(b >>> 8) & 255]}${HEX[b & 255]}-${HEX[(c >>> 24) & 255]}${HEX[(c >>> 16) & 255]}-${HEX[(c >>> 8) & 255]}${HEX[c & 255]}${hex4(d)}`;
  }
}

/** Two hex digits per byte, looked up: formatting ids is on the generator's hot path. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (n: number) => HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];

/** A 128-bit string hash (cyrb128): spreads a seed and a label over sfc32's four state words. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
