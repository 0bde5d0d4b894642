// Who wants to hear about live notifications: the view on screen registers here to refresh itself.
const listeners = new Set();

export function onLive(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function clearLive() {
  listeners.clear();
}

export function emitLive(notification) {
  for (const listener of [...listeners]) {
    try { listener(notification); } catch { /* a view's refresh must not break the stream */ }
  }
}
