/**
 * The build's CPU slots: as many heavy jobs at once as nfpm processes may run (parallelism.ts),
 * shared by the extraction of archives and nfpm, so that overlapping them never runs more of
 * them than there are cores. A free slot goes to the waiting job of highest priority (the
 * extractions, which unblock targets, then the biggest package), in the order asked among equals.
 */
interface Waiting {
  priority: number;
  order: number;
  start: () => void;
}

export class Slots {
  private running = 0;
  private asked = 0;
  private readonly waiting: Waiting[] = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error(`slots: size must be at least 1, not ${size}`);
  }

  /** Runs `job` once a slot is free and no waiting job has a higher priority. */
  run<T>(priority: number, job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        Promise.resolve()
          .then(job)
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.next();
          });
      };
      this.waiting.push({ priority, order: this.asked++, start });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.size && this.waiting.length > 0) {
      this.waiting.sort((a, b) => b.priority - a.priority || a.order - b.order);
      this.waiting.shift()!.start();
    }
  }
}

/** Above every package's priority (its size in bytes): an extraction goes first. */
export const EXTRACTION_PRIORITY = Number.MAX_SAFE_INTEGER;
