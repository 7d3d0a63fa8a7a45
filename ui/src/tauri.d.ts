// The parts of the global API (`app.withGlobalTauri`) that the UI uses.
interface TauriChannel<T> {
  onmessage: (message: T) => void;
}
interface Window {
  __TAURI__: {
    core: {
      invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
      Channel: new <T>() => TauriChannel<T>;
    };
    opener: {
      openUrl(url: string): Promise<void>;
    };
  };
  /** Timings the e2e test reads back through WebDriver. */
  __atlasPerf: {
    keyToPaint: number[];
    detail: { toSend: number, ipc: number, render: number, paint: number }[];
    coldStartMs: number | null;
    readyAt: number | null;
    /** The open book's folder and whether its index was built at this opening (tests read it). */
    book: { dir: string, rebuilt: boolean, key: string } | null;
  };
}
