import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { organizationIds } from '../support/cases.js';
import type { TestHub } from '../support/hub.js';

export type AdminResult = {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
  organization?: { id: string; code: string; active: boolean; parent: { code: string } | null };
  casesReindexed?: number;
  user?: {
    id: string;
    email: string;
    active: boolean;
    memberships: { organization: { code: string }; role: string }[];
  };
  setPasswordToken?: string | null;
  email?: string;
  revokedSessionCount?: number;
};

const RESULT_FIELDS = `__typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }`;
const ORGANIZATION = 'organization { id code active parent { code } }';
const USER = 'user { id email active memberships { organization { code } role } }';
const PAYLOAD_FIELDS: Record<string, string> = {
  createOrganization: ORGANIZATION,
  updateOrganization: ORGANIZATION,
  deactivateOrganization: ORGANIZATION,
  reactivateOrganization: ORGANIZATION,
  moveOrganization: `${ORGANIZATION} casesReindexed`,
  inviteUser: `${USER} setPasswordToken`,
  reissueInvitation: `${USER} setPasswordToken`,
  setPassword: 'email',
  changePassword: USER,
  grantRole: USER,
  revokeRole: USER,
  deactivateUser: USER,
  reactivateUser: USER,
  revokeUserSessions: `${USER} revokedSessionCount`,
};

/** Runs an administration mutation `name(input: $input)` and returns its typed result. */
export async function adminMutation(
  hub: TestHub,
  token: string | undefined,
  name: string,
  input: Record<string, unknown>,
): Promise<AdminResult> {
  const type = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  const result = await hub.gql<Record<string, AdminResult>>(
    `mutation ($input: ${type}Input!) { ${name}(input: $input) { ${RESULT_FIELDS} ... on ${type}Payload { ${PAYLOAD_FIELDS[name]} } } }`,
    { input },
    token,
  );
  const value = result.data?.[name];
  if (!value) throw new Error(`${name} failed: ${JSON.stringify(result.errors)}`);
  return value;
}

/** Like adminMutation, but fails the test unless the mutation succeeded. */
export async function adminOk(
  hub: TestHub,
  token: string | undefined,
  name: string,
  input: Record<string, unknown>,
): Promise<AdminResult> {
  const result = await adminMutation(hub, token, name, input);
  if (!result.__typename.endsWith('Payload')) throw new Error(`${name} refused: ${JSON.stringify(result)}`);
  return result;
}

/** Invitees choose the demo password, so the shared helpers (`hub.login`, `openCaseAs`) work for them too. */
export const NEW_PASSWORD = DEMO_PASSWORD;

/** Invites someone as `inviter`, lets them set their password, and returns their user id and a token. */
export async function inviteAndLogIn(
  hub: TestHub,
  inviter: string,
  person: { email: string; organizationId: string; role: string; name?: string },
): Promise<{ userId: string; token: string }> {
  const invited = await adminOk(hub, await hub.login(inviter), 'inviteUser', {
    name: person.name ?? person.email.split('@')[0],
    email: person.email,
    organizationId: person.organizationId,
    role: person.role,
  });
  await adminOk(hub, undefined, 'setPassword', { token: invited.setPasswordToken, password: NEW_PASSWORD });
  return { userId: invited.user?.id ?? '', token: await hub.login(person.email, NEW_PASSWORD) };
}

/** Adds an organization as the HQ administrator and returns the ids of every organization by code. */
export async function addOrganization(
  hub: TestHub,
  input: { parent: string; code: string; kind?: string; name?: string; timeZone?: string },
): Promise<Map<string, string>> {
  const ids = await organizationIds(hub);
  await adminOk(hub, await hub.login('hq.admin@demo.test'), 'createOrganization', {
    parentId: ids.get(input.parent),
    kind: input.kind ?? 'DEALER',
    code: input.code,
    name: input.name ?? `Dealer ${input.code}`,
    timeZone: input.timeZone ?? 'Europe/Madrid',
  });
  return organizationIds(hub);
}
