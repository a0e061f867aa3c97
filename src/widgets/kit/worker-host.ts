/**
 * The worker side of a training widget. A worker entry is one line:
 *   serveGenerator(myTechniqueRun)
 * The host pulls one item at a time from the generator, posts it, and yields to the event loop
 * between items so that pause/step messages arrive promptly. Stop = the widget terminates us.
 */
import type { FromWorker, RunFn, ToWorker } from './worker-protocol';
import type { Progress } from '../../core/progress';

export function serveGenerator(run: RunFn, scope: { postMessage(m: FromWorker): void; onmessage: unknown } = self as never): void {
  let runId = -1;
  let gen: AsyncGenerator<Progress, void, void> | null = null;
  let running = false;
  let stepsAllowed = 0;
  let pumping = false;

  const post = (m: FromWorker) => scope.postMessage(m);
  const tick = () => new Promise<void>((r) => setTimeout(r, 0));

  async function pump(id: number) {
    if (pumping) return;
    pumping = true;
    try {
      while (gen && id === runId && (running || stepsAllowed > 0)) {
        if (!running) stepsAllowed--;
        const r = await gen.next();
        if (id !== runId) return;
        if (r.done) {
          post({ type: 'done', runId: id });
          gen = null;
          return;
        }
        post({ type: 'progress', runId: id, progress: r.value });
        await tick();
      }
      if (gen && id === runId) post({ type: 'paused', runId: id });
    } catch (e) {
      if (id === runId) post({ type: 'error', runId: id, message: e instanceof Error ? e.message : String(e) });
      gen = null;
    } finally {
      pumping = false;
    }
  }

  (scope as { onmessage: (ev: MessageEvent<ToWorker>) => void }).onmessage = (ev) => {
    const m = ev.data;
    if (m.type === 'start') {
      runId = m.runId;
      gen = run(m.params, m.seed);
      running = !m.paused;
      stepsAllowed = 0;
      void pump(runId);
      return;
    }
    if (m.runId !== runId) return;
    if (m.type === 'pause') running = false;
    else if (m.type === 'resume') {
      running = true;
      void pump(runId);
    } else if (m.type === 'step') {
      stepsAllowed++;
      void pump(runId);
    }
  };
}
