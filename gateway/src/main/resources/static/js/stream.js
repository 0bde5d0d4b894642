// Live notifications over server-sent events, read with fetch streaming because EventSource cannot send
// the Authorization header. Reconnects with back-off and Last-Event-ID so no notification is missed.
import { current } from './auth.js';

export function follow(onEvent, onState = () => {}) {
  let stopped = false;
  let controller = null;
  let lastId = null;
  let delay = 1000;

  async function connect() {
    while (!stopped) {
      const session = current();
      if (!session) { onState(false); return; }
      controller = new AbortController();
      try {
        const headers = { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const response = await fetch('/api/notifications/stream', { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onState(true);
        delay = 1000;
        await read(response.body.getReader());
      } catch (error) {
        if (stopped) return;
      }
      onState(false);
      if (stopped) return;
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30000);
    }
  }

  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(frame);
      }
    }
  }

  function dispatch(frame) {
    let name = 'message';
    const data = [];
    for (const line of frame.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const key = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (key === 'event') name = value;
      else if (key === 'data') data.push(value);
      else if (key === 'id') lastId = value;
    }
    if (!data.length) return;
    let payload = data.join('\n');
    try { payload = JSON.parse(payload); } catch { /* plain text */ }
    onEvent(name, payload);
  }

  connect();
  return () => { stopped = true; controller?.abort(); };
}
