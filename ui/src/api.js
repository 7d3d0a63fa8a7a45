// @ts-check
/**
 * The one door to the backend: typed wrappers over `invoke`. The types are generated from
 * the Rust model (snake_case fields, as serde writes them). The UI passes only page paths, anchors,
 * example ids and code block ids; never file paths or commands.
 */

// The wire types are generated from the Rust model (crates/atlas-model): see types.gen.d.ts.
/** @typedef {import('./types.gen').Kind} Kind */
/** @typedef {import('./types.gen').Target} Target */
/** @typedef {import('./types.gen').Hit} Hit */
/** @typedef {import('./types.gen').SearchResults} SearchResults */
/** @typedef {import('./types.gen').TocChapter} TocChapter */
/** @typedef {import('./types.gen').TocItem} TocItem */
/** @typedef {import('./types.gen').Toc} Toc */
/** @typedef {import('./types.gen').Heading} Heading */
/** @typedef {import('./types.gen').PageLink} PageLink */
/** @typedef {import('./types.gen').Page} Page */
/** @typedef {import('./types.gen').IndexEntry} IndexEntry */
/** @typedef {import('./types.gen').TopicGroup} TopicGroup */
/** @typedef {import('./types.gen').Example} Example */
/** @typedef {import('./types.gen').SourceFile} SourceFile */
/** @typedef {import('./types.gen').ExamplesState} ExamplesState */
/** @typedef {import('./types.gen').CodeBlock} CodeBlock */
/** @typedef {import('./types.gen').BookInfo} BookInfo */
/** @typedef {import('./types.gen').BuildProgress} BuildProgress */
/** @typedef {import('./types.gen').Handover} Handover */
/** @typedef {import('./types.gen').Settings} Settings */
/** @typedef {import('./types.gen').RunRequest} RunRequest */
/** @typedef {import('./types.gen').RunEvent} RunEvent */
/** @typedef {import('./types.gen').Outcome} Outcome */
/** @typedef {import('./types.gen').Phase} Phase */
/** @typedef {import('./types.gen').Stream} Stream */
/** How every backend error reaches the page (serialized by the app's `AppError`). */
/** @typedef {{ kind: string, message: string }} AppError */

/**
 * Every backend error reaches the UI as `{ kind, message }`; anything else (a bug, a
 * missing command) is wrapped the same way so views have one shape to show.
 * @param {unknown} e
 * @returns {AppError}
 */
export function toAppError(e) {
  if (e && typeof e === 'object' && 'kind' in e && 'message' in e) {
    return { kind: String(e.kind), message: String(e.message) };
  }
  return { kind: 'internal', message: String(e) };
}

/**
 * @template T
 * @param {string} cmd
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<T>}
 */
async function call(cmd, args) {
  try {
    return await window.__TAURI__.core.invoke(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

/**
 * Resolves once the open book's index is usable; reports rebuild progress meanwhile.
 * @param {(p: BuildProgress) => void} onProgress
 * @returns {Promise<BookInfo>}
 */
export function waitReady(onProgress) {
  /** @type {TauriChannel<BuildProgress>} */
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onProgress;
  return call('wait_ready', { onProgress: channel });
}

/**
 * @param {string} query
 * @param {Kind[]} kinds empty for all
 * @param {number} limit
 * @param {boolean} meaning fuse in the sentence model's ranking (when it has loaded); false
 *   is the words alone, in about a millisecond
 * @returns {Promise<SearchResults>}
 */
export const search = (query, kinds, limit, meaning) => call('search', { query, kinds, limit, meaning });
/** @returns {Promise<Toc>} */
export const toc = () => call('toc');
/** @param {string} path @returns {Promise<Page>} */
export const page = (path) => call('page', { path });
/** @returns {Promise<TopicGroup[]>} */
export const topics = () => call('topics');
/** @returns {Promise<IndexEntry[]>} */
export const detailedIndex = () => call('detailed_index');
/** @param {string} id @returns {Promise<Example>} */
export const example = (id) => call('example', { id });
/** @param {string} id @returns {Promise<CodeBlock>} */
export const codeBlock = (id) => call('code_block', { id });
/** Whether the open book's examples can run now. @returns {Promise<ExamplesState>} */
export const examplesState = () => call('examples_state');
/** @returns {Promise<Settings>} */
export const loadSettings = () => call('load_settings');
/** @param {Settings} settings @returns {Promise<void>} */
export const saveSettings = (settings) => call('save_settings', { settings });
/** Opens the system folder picker; true if a new book is now being opened. @returns {Promise<boolean>} */
export const openBookFolder = () => call('open_book_folder');
/**
 * Calls `onRequest` with each thing a launch of the app asks of the window: the first
 * launch's own `--search`/`--open`, then every later launch's (which hands over and exits).
 * @param {(request: Handover) => void} onRequest
 * @returns {Promise<void>}
 */
export function onHandover(onRequest) {
  /** @type {TauriChannel<Handover>} */
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onRequest;
  return call('handovers', { onRequest: channel });
}
/** Milliseconds since the app process started. @returns {Promise<number>} */
export const startupMs = () => call('startup_ms');

/**
 * @param {RunRequest} request
 * @param {(e: RunEvent) => void} onEvent
 * @returns {Promise<number>} the run id
 */
export function runStart(request, onEvent) {
  /** @type {TauriChannel<RunEvent>} */
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onEvent;
  return call('run_start', { request, onEvent: channel });
}
/** @param {number} runId @returns {Promise<boolean>} */
export const runStop = (runId) => call('run_stop', { runId });

/**
 * Opens an http(s) link in the system browser; the capability allows nothing else.
 * @param {string} url
 */
export async function openExternal(url) {
  try {
    await window.__TAURI__.opener.openUrl(url);
  } catch (e) {
    throw toAppError(e);
  }
}
