/**
 * A one-line progress indicator on stderr, shown only when stderr is a terminal and there are
 * enough items for it to help; otherwise every method is a no-op.
 */
export class Progress {
  readonly #enabled: boolean;
  readonly #label: string;
  #done = 0;
  #total: number | undefined;
  #lastDraw = 0;

  constructor(label: string, options: {enabled?: boolean} = {}) {
    this.#label = label;
    this.#enabled = options.enabled ?? Boolean(process.stderr.isTTY);
  }

  setTotal(total: number): void {
    this.#total = total;
  }

  tick(n = 1): void {
    this.#done += n;
    const now = Date.now();
    if (this.#enabled && now - this.#lastDraw > 80) {
      this.#lastDraw = now;
      this.#draw();
    }
  }

  finish(): void {
    if (this.#enabled && this.#done > 0) {
      this.#draw();
      process.stderr.write('\n');
    }
  }

  #draw(): void {
    const width = 30;
    if (this.#total) {
      const filled = Math.min(width, Math.round((this.#done / this.#total) * width));
      process.stderr.write(`\r${this.#label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${this.#done}/${this.#total}`);
    } else {
      process.stderr.write(`\r${this.#label} ${this.#done}`);
    }
  }
}
