/** Whether the live connection to the hub holds; shown in one line, recovered by itself. */
class Connection {
  online = $state(true);
  /** Bumped on every reconnection, so open screens read again what they may have missed. */
  reconnections = $state(0);

  lost() {
    this.online = false;
  }

  restored() {
    if (!this.online) this.reconnections += 1;
    this.online = true;
  }
}

export const connection = new Connection();
