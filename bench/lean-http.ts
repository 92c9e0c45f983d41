// A lean HTTP/1.1 client for bursts of distinct requests (each member's own cookie): one keep-alive
// socket per connection, one request in flight on it, requests written as one string and answers
// parsed from the raw bytes — as autocannon, which measures health in the same run, does. Node's
// `http` client (agents, ClientRequest and IncomingMessage streams, a timer per request) cost the
// load generator ~150 µs of CPU per claim against autocannon's ~60 per health request, on the same
// two cores as the server and PostgreSQL: the comparison measured the clients as much as the routes.
import net from 'node:net';

export interface LeanAnswer {
  /** 0 when no answer came (error, timeout, connection closed): `body` then says why. */
  status: number;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One connection to 127.0.0.1:port, reused for every request of one worker. */
export class LeanConnection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((answer: LeanAnswer) => void) | null = null;
  private deadline = 0;

  constructor(
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  request(method: string, path: string, headers: Record<string, string>): Promise<LeanAnswer> {
    if (this.waiting) throw new Error('one request at a time on a connection');
    let head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${this.port}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    // A POST without a body still says so: the server must not wait for one.
    if (method !== 'GET') head += 'content-length: 0\r\n';
    head += '\r\n';
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.deadline = Date.now() + this.timeoutMs;
      this.connect().write(head);
    });
  }

  /** Fails the request in flight when its time is up (checked by the pool's one timer, not one per request). */
  expire(now: number): void {
    if (this.waiting && now > this.deadline) this.fail('timeout');
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): net.Socket {
    if (this.socket) return this.socket;
    const socket = net.connect({ host: '127.0.0.1', port: this.port, noDelay: true });
    // A socket closed on purpose (connection: close) may report its end after the next one opened.
    const current = () => this.socket === socket;
    socket.on('data', (chunk: Buffer) => current() && this.onData(chunk));
    socket.on('error', (error) => current() && this.fail(error.message));
    socket.on('close', () => current() && this.fail('connection closed'));
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    return socket;
  }

  private fail(why: string): void {
    this.close();
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ status: 0, body: why });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    const length = /\r\ncontent-length: *(\d+)/.exec(lower);
    if (!length) {
      // The server answers every route with a length; anything else is a broken answer, not a slow one.
      this.fail(`an answer without content-length: ${head.slice(0, 80)}`);
      return;
    }
    const bodyStart = end + HEADER_END.length;
    const bodyEnd = bodyStart + Number(length[1]);
    if (this.buffer.length < bodyEnd) return;
    const body = this.buffer.toString('utf8', bodyStart, bodyEnd);
    this.buffer = this.buffer.subarray(bodyEnd);
    const closing = /\r\nconnection: *close/.test(lower);
    const resolve = this.waiting;
    this.waiting = null;
    if (closing) this.close();
    resolve?.({ status, body });
  }
}

/** `count` connections and the one timer that times out their requests. */
export function leanPool(port: number, count: number, timeoutMs: number): { connections: LeanConnection[]; close(): void } {
  const connections = Array.from({ length: count }, () => new LeanConnection(port, timeoutMs));
  const timer = setInterval(() => {
    const now = Date.now();
    for (const c of connections) c.expire(now);
  }, 1_000);
  return {
    connections,
    close() {
      clearInterval(timer);
      for (const c of connections) c.close();
    },
  };
}
