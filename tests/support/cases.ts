import type { TestHub } from './hub.js';

export const CASE_FIELDS = `id reference accessCode status priority channel version level subject
  owner { code } originOrganization { code } holders { code } assignee { email }
  customer { name email phone } sla { paused breached firstRespondedAt }`;

export interface CaseView {
  id: string;
  reference: string;
  accessCode: string;
  status: string;
  priority: string;
  channel: string;
  version: number;
  level: string;
  subject: string;
  owner: { code: string };
  originOrganization: { code: string };
  holders: { code: string }[];
  assignee: { email: string } | null;
  customer: { name: string; email: string | null; phone: string | null };
  sla: { paused: boolean; breached: boolean; firstRespondedAt: string | null };
}

export type MutationResult = {
  __typename: string;
  message?: string;
  case?: CaseView;
  currentVersion?: number;
  fieldErrors?: { path: string[]; message: string }[];
};

const RESULT_FIELDS = `__typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
  ... on ConflictError { currentVersion }`;

/** Runs a case mutation `name(input: $input)` and returns its typed result. */
export async function caseMutation(
  hub: TestHub,
  token: string | undefined,
  name: string,
  input: Record<string, unknown>,
): Promise<MutationResult> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const result = await hub.gql<Record<string, MutationResult>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${RESULT_FIELDS} ... on ${inputType.replace(/Input$/, 'Payload')} { case { ${CASE_FIELDS} } } } }`,
    { input },
    token,
  );
  const value = result.data?.[name];
  if (!value) throw new Error(`${name} failed: ${JSON.stringify(result.errors)}`);
  return value;
}

let walkIns = 0;

/** Opens a case as `email` and returns it; fails the test if it could not be opened. */
export async function openCaseAs(hub: TestHub, email: string, input: Record<string, unknown> = {}): Promise<CaseView> {
  walkIns += 1;
  const result = await caseMutation(hub, await hub.login(email), 'openCase', {
    channel: 'WALK_IN',
    customer: { name: `Customer ${walkIns}`, phone: `+3461${String(1000000 + walkIns).slice(-7)}` },
    subject: 'Noisy gearbox',
    description: 'A grinding noise when shifting into third gear.',
    ...input,
  });
  if (!result.case) throw new Error(`openCase as ${email} failed: ${JSON.stringify(result)}`);
  return result.case;
}

export async function caseByReference(hub: TestHub, email: string, reference: string): Promise<CaseView | null> {
  const result = await hub.gql<{ case: CaseView | null }>(
    `query ($r: String!) { case(reference: $r) { ${CASE_FIELDS} } }`,
    { r: reference },
    await hub.login(email),
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data?.case ?? null;
}

export async function organizationIds(hub: TestHub): Promise<Map<string, string>> {
  const result = await hub.gql<{ organizations: { id: string; code: string }[] }>(
    '{ organizations { id code } }',
    {},
    await hub.login('hq.admin@demo.test'),
  );
  return new Map(result.data?.organizations.map((o) => [o.code, o.id]));
}
