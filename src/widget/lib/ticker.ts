/**
 * Re-renders its host once a second while the host is in the page, so that
 * timers (time in state, wait, wrap-up) move without any event.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The ticking controller. */
export class Ticker implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The time to render timers with. */
  get now(): number {
    return Date.now();
  }

  hostConnected(): void {
    this.#timer = setInterval(() => this.host.requestUpdate(), 1000);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
