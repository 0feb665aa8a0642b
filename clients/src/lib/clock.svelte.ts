/** The current minute, so "time left" counts down on screen. */
class Clock {
  current = $state(new Date());

  constructor() {
    setInterval(() => (this.current = new Date()), 30_000);
  }
}

export const now = new Clock();
