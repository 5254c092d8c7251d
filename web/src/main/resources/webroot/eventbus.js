/*
 * A small client of the Vert.x event-bus bridge over SockJS (frames: register, ping; rec and err back).
 * It only listens, as the bridge permits nothing inbound, and it reconnects by itself: after a
 * server restart it opens a new socket, registers its addresses again and tells its owner (onOpen),
 * who reloads what it may have missed.
 */
(function (global) {
  'use strict';

  const PING_MS = 5000;          // the bridge drops a socket that stays silent for 10 s
  const FIRST_RETRY_MS = 500;
  const MAX_RETRY_MS = 5000;

  class LiveBus {
    constructor(url, { onOpen = () => {}, onClose = () => {} } = {}) {
      this.url = url;
      this.onOpen = onOpen;
      this.onClose = onClose;
      this.handlers = new Map();
      this.retryMs = FIRST_RETRY_MS;
      this.connect();
    }

    subscribe(address, handler) {
      if (!this.handlers.has(address)) {
        this.handlers.set(address, []);
        this.send({ type: 'register', address });
      }
      this.handlers.get(address).push(handler);
    }

    connect() {
      const sock = new SockJS(this.url);
      this.sock = sock;
      sock.onopen = () => {
        this.retryMs = FIRST_RETRY_MS;
        for (const address of this.handlers.keys()) {
          this.send({ type: 'register', address });
        }
        this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_MS);
        this.onOpen();
      };
      sock.onmessage = (e) => this.receive(JSON.parse(e.data));
      sock.onclose = () => {
        clearInterval(this.pinger);
        this.onClose();
        setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      };
    }

    receive(frame) {
      if (frame.type === 'rec') {
        (this.handlers.get(frame.address) || []).forEach((h) => h(frame.body));
      } else if (frame.type === 'err') {
        console.warn('event bus refused:', frame.body);
      }
    }

    send(frame) {
      if (this.sock && this.sock.readyState === SockJS.OPEN) {
        this.sock.send(JSON.stringify(frame));
      }
    }
  }

  global.LiveBus = LiveBus;
})(window);
