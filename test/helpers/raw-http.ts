/** Raw HTTP over a TCP socket, for requests fetch() refuses to send (bad framing, path tricks). */

/** Sends `request` bytes as-is and returns everything the server wrote until it closed (or `waitMs`). */
export function rawRequest(port: number, request: string | Uint8Array, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const done = () => resolve(out);
    const timer = setTimeout(done, waitMs);
    void Bun.connect({
      hostname: '127.0.0.1',
      port,
      socket: {
        open(sock) {
          sock.write(request);
        },
        data(_sock, data) {
          out += new TextDecoder().decode(data);
        },
        close() {
          clearTimeout(timer);
          done();
        },
        error() {
          clearTimeout(timer);
          done();
        },
      },
    });
  });
}

/** The status code of a raw response ("HTTP/1.1 431 …" → 431), or 0 when there was none. */
export const statusOf = (response: string): number => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
