// The live stream: an EventSource on /api/events that starts right after the state the page
// loaded (?since=<eventId>) and, when the connection drops, resumes after the last event it saw
// (the browser sends Last-Event-ID), so nothing is missed and nothing is applied twice.

import { eventSeq } from './api.js';

export class Live {
  /**
   * handlers: analysis(a, seq), transition(t, seq), status(s), connection(state), reload(reason)
   * where state is 'open' | 'reconnecting'.
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.source = null;
    this.lastId = null;
    this.retryTimer = null;
  }

  connect(sinceId) {
    this.close();
    this.lastId = sinceId || this.lastId;
    const url = 'api/events' + (this.lastId ? '?since=' + encodeURIComponent(this.lastId) : '');
    const es = new EventSource(url);
    this.source = es;
    const take = kind => e => {
      this.lastId = e.lastEventId;
      this.handlers[kind](JSON.parse(e.data), eventSeq(e.lastEventId));
    };
    es.addEventListener('analysis', take('analysis'));
    es.addEventListener('transition', take('transition'));
    es.addEventListener('status', e => this.handlers.status(JSON.parse(e.data)));
    es.addEventListener('reload', e => {
      this.close();
      this.handlers.reload(JSON.parse(e.data).reason);
    });
    es.onopen = () => this.handlers.connection('open');
    es.onerror = () => {
      this.handlers.connection('reconnecting');
      if (es.readyState === EventSource.CLOSED) {
        // the browser gave up (e.g. the server answered with an error): retry ourselves
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.connect(this.lastId), 2000);
      }
    };
  }

  close() {
    clearTimeout(this.retryTimer);
    if (this.source) this.source.close();
    this.source = null;
  }
}
