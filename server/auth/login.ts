import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { InvalidCredentialsError } from '../graphql/errors.js';
import { verifyPassword } from './passwords.js';
import { createSession, viewerForToken, type Viewer } from './sessions.js';

/** Same error and the same work for an unknown e-mail and a wrong password. */
export async function login(
  db: Db,
  input: { email: string; password: string },
  sessionTtlHours: number,
): Promise<{ token: string; expiresAt: Date; user: UserRow; viewer: Viewer }> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', input.email.trim().toLowerCase())
    .executeTakeFirst();
  const passwordMatches = await verifyPassword(input.password, user?.password_hash ?? null);
  if (!user || !user.active || !passwordMatches) throw new InvalidCredentialsError();
  const session = await createSession(db, user.id, sessionTtlHours);
  const viewer = await viewerForToken(db, session.token);
  if (!viewer) throw new Error('A session just created could not be read back');
  return { ...session, user, viewer };
}
