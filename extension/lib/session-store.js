// Small state that must survive the background's restarts (an MV3 service
// worker, or Firefox's event page, is stopped when idle): kept in
// `storage.session`, which lives as long as the browser session and is never
// written to disk (Chrome 102+, Firefox 115+), or in this context's memory
// where a browser lacks it. What is stored is the callers' business.

/**
 * @param {object|undefined} storage `chrome.storage` / `browser.storage`
 * @returns {{entries(prefix: string): Promise<[string, any][]>, set(key: string, value: any): Promise<void>, remove(key: string): Promise<void>}}
 */
export function createSessionStore(storage) {
  const area = storage?.session;
  if (area) {
    return {
      async entries(prefix) {
        return Object.entries(await area.get(null)).filter(([key]) => key.startsWith(prefix));
      },
      set: (key, value) => area.set({ [key]: value }),
      remove: (key) => area.remove(key),
    };
  }
  const memory = new Map();
  return {
    async entries(prefix) {
      return [...memory].filter(([key]) => key.startsWith(prefix));
    },
    async set(key, value) {
      memory.set(key, value);
    },
    async remove(key) {
      memory.delete(key);
    },
  };
}
