import type { ViewerFieldsFragment } from '../gql/graphql';

const TOKEN_KEY = 'hub.token';

/** Who is signed in on this browser: the bearer token survives a reload; the viewer is read again after one. */
class Session {
  token = $state<string | null>(localStorage.getItem(TOKEN_KEY));
  viewer = $state<ViewerFieldsFragment | null>(null);

  signIn(token: string, viewer: ViewerFieldsFragment) {
    localStorage.setItem(TOKEN_KEY, token);
    this.token = token;
    this.viewer = viewer;
  }

  signOut() {
    localStorage.removeItem(TOKEN_KEY);
    this.token = null;
    this.viewer = null;
  }

  /** The viewer's first organization: where cases open by default, and whose time zone dates are shown in. */
  get home() {
    return this.viewer?.memberships[0]?.organization ?? null;
  }

  get timeZone(): string | undefined {
    return this.home?.timeZone;
  }

  /** Auditors read everything in their subtree and change nothing. */
  get readOnly(): boolean {
    const roles = this.viewer?.memberships.map((m) => m.role) ?? [];
    return roles.length > 0 && roles.every((role) => role === 'AUDITOR');
  }
}

export const session = new Session();
