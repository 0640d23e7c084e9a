import { request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

/** One event read off a stream (comments are kept apart). */
export interface ReadEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * A Server-Sent Events reader over a real connection, for tests: collects events and comment
 * lines, and waits (bounded) for what a test expects. `socket` is there to pause it.
 */
export interface SseTestClient {
  readonly status: number;
  readonly events: ReadEvent[];
  readonly comments: string[];
  readonly ended: Promise<void>;
  readonly isEnded: () => boolean;
  waitFor(what: string, match: (events: ReadEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseTestClient> {
  const events: ReadEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  let ended = false;
  let onEnd!: () => void;
  const endedPromise = new Promise<void>((resolve) => (onEnd = resolve));
  const parse = (chunk: string) => {
    buffer += chunk;
    for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event: ReadEvent = { event: 'message', data: '' };
      let isEvent = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim());
        else {
          const at = line.indexOf(':');
          const field = line.slice(0, at);
          const value = line.slice(at + 1).replace(/^ /, '');
          isEvent = true;
          if (field === 'event') event.event = value;
          else if (field === 'id') event.id = value;
          else if (field === 'data') event.data += value;
        }
      }
      if (isEvent) events.push(event);
    }
  };
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${url}/api/stream`, { headers }, resolve);
    req.on('error', reject);
    req.end();
  });
  response.setEncoding('utf8');
  response.on('data', parse);
  const finish = () => {
    ended = true;
    onEnd();
  };
  response.on('end', finish);
  response.on('close', finish);
  response.on('error', finish);
  return {
    status: response.statusCode ?? 0,
    events,
    comments,
    ended: endedPromise,
    isEnded: () => ended,
    async waitFor(what, match, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!match(events)) {
        if (Date.now() > until)
          throw new Error(
            `Timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => e.event + ' ' + e.data))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close() {
      response.destroy();
    },
  };
}

/** A client that asks for the stream and then reads nothing at all (its socket paused). */
export async function openStalledSse(url: string, token: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET /api/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  socket.pause();
  return socket;
}
