// @ts-check
import * as api from './api.js';
import { el, byId } from './dom.js';

/** @typedef {import('./api.js').RunEvent} RunEvent */

/** @param {number} ms */
export function formatElapsed(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The runner panel: streamed output (build, stdout and stderr styled apart), Stop, the exit
 * status and the elapsed time. One run is shown at a time; starting another stops the first.
 * A Prepare run shows a progress bar; a run that ends `unprepared` offers Prepare examples.
 * @param {{ error: (e: import('./api.js').AppError) => void }} ctl
 * @param {(outcome: import('./api.js').Outcome) => void} [onFinished] after every run
 */
export function mountRunner(ctl, onFinished = () => {}) {
  const panel = byId('runner');
  const title = byId('runner-title');
  const status = byId('runner-status');
  const out = byId('runner-output');
  const stop = /** @type {HTMLButtonElement} */ (byId('runner-stop'));
  const close = byId('runner-close');
  const prepare = /** @type {HTMLButtonElement} */ (byId('runner-prepare'));
  const progress = byId('runner-progress');
  const bar = /** @type {HTMLProgressElement} */ (byId('runner-progress-bar'));
  const barText = byId('runner-progress-text');
  /** @type {number | null} */
  let runId = null;
  let generation = 0;
  let started = 0;
  /** @type {ReturnType<typeof setInterval> | null} */
  let timer = null;

  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  stop.addEventListener('click', async () => {
    if (runId !== null) await api.runStop(runId).catch(() => false);
  });
  prepare.addEventListener('click', () => start({ kind: 'prepare' }));
  /** Stops the panel's run, if any, and hides the panel. */
  const closePanel = async () => {
    if (runId !== null) await api.runStop(runId).catch(() => false);
    panel.hidden = true;
    document.body.classList.remove('runner-open');
  };
  close.addEventListener('click', closePanel);

  /**
   * The runner names the run (`Started`) and says how it ended (`Finished`); the panel
   * only shows its words.
   * @param {import('./api.js').RunRequest} request
   */
  const start = async (request) => {
    if (runId !== null) await api.runStop(runId).catch(() => false);
    const gen = ++generation;
    runId = null;
    stopTimer();
    panel.hidden = false;
    document.body.classList.add('runner-open');
    panel.dataset.state = 'running';
    title.textContent = 'Run';
    status.textContent = 'Starting…';
    out.replaceChildren();
    prepare.hidden = true;
    progress.hidden = true;
    started = performance.now();
    stop.disabled = false;
    timer = setInterval(() => {
      if (panel.dataset.state === 'running') status.textContent = `Running… ${formatElapsed(performance.now() - started)}`;
    }, 250);

    /** @param {RunEvent} ev */
    const onEvent = (ev) => {
      if (gen !== generation) return; // a later run took over the panel
      switch (ev.event) {
        case 'started':
          runId = ev.data.run_id;
          title.textContent = ev.data.label;
          break;
        case 'phase':
          out.append(el('div', { class: 'line phase', text: `— ${ev.data.phase} —` }));
          break;
        case 'line': {
          const atEnd = out.scrollHeight - out.scrollTop - out.clientHeight < 40;
          out.append(el('div', { class: `line ${ev.data.stream}`, text: ev.data.text }));
          if (atEnd) out.scrollTop = out.scrollHeight;
          break;
        }
        case 'progress':
          progress.hidden = false;
          bar.max = Math.max(1, ev.data.total);
          bar.value = ev.data.done;
          barText.textContent = `${ev.data.done}/${ev.data.total} ${ev.data.message}`;
          break;
        case 'truncated':
          out.append(el('div', { class: 'line note', text: `Output cut at ${ev.data.limit_bytes} bytes.` }));
          break;
        case 'finished': {
          stopTimer();
          runId = null;
          stop.disabled = true;
          panel.dataset.state = ev.data.outcome;
          status.textContent = `${ev.data.message} (${formatElapsed(ev.data.elapsed_ms)})`;
          // Not prepared: the one action that helps is right here.
          prepare.hidden = ev.data.outcome !== 'unprepared';
          out.scrollTop = out.scrollHeight;
          onFinished(ev.data.outcome);
          break;
        }
      }
    };
    try {
      const id = await api.runStart(request, onEvent);
      if (gen === generation && panel.dataset.state === 'running') runId = id;
    } catch (e) {
      stopTimer();
      stop.disabled = true;
      panel.dataset.state = 'error';
      const err = /** @type {import('./api.js').AppError} */ (e);
      status.textContent = err.message;
      ctl.error(err);
    }
  };

  return { start, close: closePanel };
}
