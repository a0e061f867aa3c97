/**
 * Coalesces redraw requests to one per animation frame, and to at most ~8 per second while a run
 * is streaming results, so the main thread keeps short frames during training.
 */
export class RenderQueue {
  private queued = false;
  private last = 0;

  constructor(private readonly draw: () => void) {}

  /** Asks for a redraw; `throttle` spaces redraws 120 ms apart (used while a run is going). */
  request(throttle: boolean): void {
    if (this.queued) return;
    this.queued = true;
    const wait = Math.max(0, this.last + (throttle ? 120 : 0) - performance.now());
    const go = () =>
      requestAnimationFrame(() => {
        this.queued = false;
        this.drawNow();
      });
    if (wait > 0) setTimeout(go, wait);
    else go();
  }

  /** Draws at once (a pending queued redraw will draw the same state again). */
  drawNow(): void {
    this.last = performance.now();
    this.draw();
  }
}
