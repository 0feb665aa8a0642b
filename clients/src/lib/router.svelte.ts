/** The current path (History API); the server answers every client path with the app. */
class Router {
  path = $state(location.pathname);
  search = $state(location.search);

  constructor() {
    addEventListener('popstate', () => this.sync());
  }

  private sync() {
    this.path = location.pathname;
    this.search = location.search;
  }

  go(to: string, options: { replace?: boolean } = {}) {
    if (options.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.sync();
    scrollTo(0, 0);
  }

  param(name: string): string | null {
    return new URLSearchParams(this.search).get(name);
  }
}

export const router = new Router();

/** Makes a plain link navigate inside the app (modifier clicks still open a new tab). */
export function link(node: HTMLAnchorElement) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    router.go(node.getAttribute('href') ?? '/');
  };
  node.addEventListener('click', onClick);
  return { destroy: () => node.removeEventListener('click', onClick) };
}

export function caseHref(reference: string): string {
  return `/cases/${encodeURIComponent(reference)}`;
}
