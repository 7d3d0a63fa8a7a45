// @ts-check
/**
 * The one door to the backend: typed wrappers over `invoke`. The types mirror the Rust
 * structs (snake_case fields, as serde writes them). The UI passes only page paths, anchors,
 * example ids and code block ids; never file paths or commands.
 */

/** @typedef {'chapter' | 'faq' | 'topic' | 'index' | 'example'} Kind */
/** @typedef {{ label: string, path: string, anchor: string }} Target */
/**
 * @typedef {{ kind: Kind, title: string, breadcrumbs: string[], path: string, anchor: string,
 *   score: number, snippet: string, highlights: [number, number][], answer_html: string | null,
 *   example: string | null, targets: Target[], matched: string[] }} Hit
 */
/** @typedef {{ hits: Hit[], suggestions: string[] }} SearchResults */
/**
 * @typedef {{ title: string, path: string | null, number: string | null,
 *   children: TocChapter[] }} TocChapter
 */
/**
 * @typedef {{ type: 'part_title', title: string } | { type: 'separator' }
 *   | ({ type: 'chapter' } & TocChapter)} TocItem
 */
/** @typedef {{ title: string, items: TocItem[] }} Toc */
/** @typedef {{ level: number, title: string, anchor: string }} Heading */
/** @typedef {{ path: string, title: string }} PageLink */
/**
 * @typedef {{ path: string, title: string, part: string | null, breadcrumbs: string[],
 *   html: string, headings: Heading[], prev: PageLink | null, next: PageLink | null }} Page
 */
/** @typedef {{ text: string, targets: Target[], children: IndexEntry[] }} IndexEntry */
/** @typedef {{ title: string, anchor: string, entries: IndexEntry[] }} TopicGroup */
/**
 * @typedef {{ id: string, description: string, dir: string, files: string[], has_bin: boolean,
 *   used_by: PageLink[] }} Example
 */
/**
 * @typedef {{ id: string, path: string, anchor: string, lang: string, flags: string[],
 *   source: string, display: string, run: 'run' | 'build' | 'panic' | 'none' }} CodeBlock
 */
/**
 * @typedef {{ key: string, title: string, book_dir: string, first_page: string | null,
 *   warnings: string[], rebuilt: boolean }} BookInfo
 */
/** @typedef {{ done: number, total: number, message: string }} BuildProgress */
/**
 * @typedef {{ theme: 'system' | 'light' | 'dark', font_size: number,
 *   last_book: string | null, last_route: string | null, last_scroll: number }} Settings
 */
/** @typedef {{ kind: string, message: string }} AppError */
/**
 * @typedef {{ kind: 'example', id: string } | { kind: 'block', id: string, edited: string | null }} RunRequest
 */
/**
 * @typedef {{ event: 'started', data: { run_id: number, label: string } }
 *   | { event: 'phase', data: { phase: string } }
 *   | { event: 'line', data: { stream: 'build' | 'stdout' | 'stderr', text: string } }
 *   | { event: 'truncated', data: { limit_bytes: number } }
 *   | { event: 'finished', data: { outcome: string, exit_code: number | null, elapsed_ms: number,
 *       message: string } }} RunEvent
 */

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
 * @returns {Promise<SearchResults>}
 */
export const search = (query, kinds, limit) => call('search', { query, kinds, limit });
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
/** @returns {Promise<Settings>} */
export const loadSettings = () => call('load_settings');
/** @param {Settings} settings @returns {Promise<void>} */
export const saveSettings = (settings) => call('save_settings', { settings });
/** Opens the system folder picker; true if a new book is now being opened. @returns {Promise<boolean>} */
export const openBookFolder = () => call('open_book_folder');
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
