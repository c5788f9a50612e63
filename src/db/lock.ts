/**
 * A readers–writer lock for one process. Many readers may hold it together; a writer holds it alone.
 * A waiting writer blocks new readers, so a stream of reads cannot starve writes.
 */
export class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly waiting: Array<{ write: boolean; wake: () => void }> = [];

  /** Runs `fn` while holding the lock shared. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers -= 1;
      this.drain();
    }
  }

  /** Runs `fn` while holding the lock exclusively. */
  async write<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writing = false;
      this.drain();
    }
  }

  /** Number of callers waiting for the lock (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }

  private acquire(write: boolean): Promise<void> {
    if (this.waiting.length === 0 && this.canEnter(write)) {
      this.enter(write);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ write, wake: resolve }));
  }

  private canEnter(write: boolean): boolean {
    return write ? !this.writing && this.readers === 0 : !this.writing;
  }

  private enter(write: boolean): void {
    if (write) this.writing = true;
    else this.readers += 1;
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.canEnter(this.waiting[0].write)) {
      const next = this.waiting.shift()!;
      this.enter(next.write);
      next.wake();
      if (next.write) return;
    }
  }
}
