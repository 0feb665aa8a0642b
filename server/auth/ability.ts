import {
  AbilityBuilder,
  createMongoAbility,
  type ForcedSubject,
  type MongoAbility,
  type MongoQuery,
} from '@casl/ability';
import type { Role } from '../db/schema.js';

/**
 * The single source of permission decisions. Objects are checked with
 * `ability.can(action, subject(...))`; lists are scoped in SQL by compiling the
 * same rules (see scope.ts). Conditions use the fields below:
 * - Case.visibleTo: organizations whose subtree holds the case (origin, owner, every holder, and their ancestors);
 * - Case.originPath: the path of the organization a new case would be opened at;
 * - Case.assigneeId / currentAssigneeId: the user a case would be assigned to / is assigned to now;
 * - Organization.path / Organization.id: an organization's ancestors-or-self / itself;
 * - Membership.organizationPath / Membership.role: where a role is (or would be) held, and which role;
 * - AdminChange.visibleTo: organizations whose subtree an administrative change concerns.
 */
/** `audit`: read the case's events in the network's audit trail. */
export type CaseAction =
  'read' | 'open' | 'note' | 'logContact' | 'changeStatus' | 'escalate' | 'transfer' | 'assign' | 'review' | 'audit';
export type OrganizationAction =
  'read' | 'list' | 'transferTo' | 'openAt' | 'manageStaff' | 'manageSettings' | 'administer';
/** `grant`: grant or revoke this role here; `endSessions`: sign its holder out everywhere. */
export type MembershipAction = 'grant' | 'endSessions';
export type Action = CaseAction | OrganizationAction | MembershipAction;
export type SubjectType = 'Case' | 'Organization' | 'User' | 'Membership' | 'AdminChange';

interface CaseFields {
  visibleTo: string[];
  originPath: string[];
  assigneeId: string | null;
  currentAssigneeId: string | null;
}
interface OrganizationFields {
  id: string;
  path: string[];
}
interface UserFields {
  organizationPaths: string[];
}
interface MembershipFields {
  organizationPath: string[];
  role: Role;
}
interface AdminChangeFields {
  visibleTo: string[];
}
type Subjects =
  | SubjectType
  | (ForcedSubject<'Case'> & Partial<CaseFields>)
  | (ForcedSubject<'Organization'> & Partial<OrganizationFields>)
  | (ForcedSubject<'User'> & Partial<UserFields>)
  | (ForcedSubject<'Membership'> & Partial<MembershipFields>)
  | (ForcedSubject<'AdminChange'> & Partial<AdminChangeFields>);
type Conditions = MongoQuery<
  Partial<CaseFields & OrganizationFields & UserFields & MembershipFields & AdminChangeFields>
>;
export type AppAbility = MongoAbility<[Action, Subjects], Conditions>;

export interface MembershipScope {
  userId: string;
  organizationId: string;
  /** Ancestors of the membership's organization, itself excluded. */
  ancestorIds: string[];
}

type Define = (can: AbilityBuilder<AppAbility>['can'], scope: MembershipScope) => void;

const WORK_ON_CASES: CaseAction[] = ['note', 'logContact', 'changeStatus', 'escalate', 'transfer'];

function readNetwork(can: AbilityBuilder<AppAbility>['can'], { organizationId, ancestorIds }: MembershipScope) {
  can(['read', 'list'], 'Organization', { path: organizationId });
  // Organizations are not secret along a viewer's own chain.
  if (ancestorIds.length > 0) can('read', 'Organization', { id: { $in: ancestorIds } });
  can('read', 'Case', { visibleTo: organizationId });
  can('read', 'User', { organizationPaths: organizationId });
}

function workCases(can: AbilityBuilder<AppAbility>['can'], { organizationId }: MembershipScope) {
  can(WORK_ON_CASES, 'Case', { visibleTo: organizationId });
  can('open', 'Case', { originPath: organizationId });
  can(['openAt', 'transferTo'], 'Organization', { path: organizationId });
}

/** Roles a MANAGER may grant or revoke in their subtree: never one above their own, never AUDITOR. */
export const MANAGER_GRANTABLE_ROLES: Role[] = ['AGENT', 'MANAGER'];

/** What each role may do, per membership; a role not listed here grants nothing. */
export const ROLE_RULES: Record<Role, Define> = {
  AGENT: (can, scope) => {
    readNetwork(can, scope);
    workCases(can, scope);
    // Take a case, or give back one's own (or an unassigned) case; never unassign a colleague.
    can('assign', 'Case', { visibleTo: scope.organizationId, assigneeId: scope.userId });
    can('assign', 'Case', {
      visibleTo: scope.organizationId,
      assigneeId: null,
      currentAssigneeId: { $in: [scope.userId, null] },
    });
  },
  MANAGER: (can, scope) => {
    readNetwork(can, scope);
    workCases(can, scope);
    can(['assign', 'audit'], 'Case', { visibleTo: scope.organizationId });
    // Staff, business hours and SLA policies of their organization and everything below it.
    can(['manageStaff', 'manageSettings'], 'Organization', { path: scope.organizationId });
    can('grant', 'Membership', { organizationPath: scope.organizationId, role: { $in: MANAGER_GRANTABLE_ROLES } });
  },
  AUDITOR: (can, scope) => {
    readNetwork(can, scope);
    can(['review', 'audit'], 'Case', { visibleTo: scope.organizationId });
    can('read', 'AdminChange', { visibleTo: scope.organizationId });
  },
  ADMIN: (can, scope) => {
    ROLE_RULES.MANAGER(can, scope);
    can('review', 'Case', { visibleTo: scope.organizationId });
    // Organizations: create below, rename, move, deactivate anything in the subtree.
    can('administer', 'Organization', { path: scope.organizationId });
    // Staff: any role in the subtree, and signing its holders out.
    can(['grant', 'endSessions'], 'Membership', { organizationPath: scope.organizationId });
    can('read', 'AdminChange', { visibleTo: scope.organizationId });
  },
};

export interface AbilityMembership extends MembershipScope {
  role: Role;
}

/** Deny-all unless a membership grants: an anonymous viewer gets an empty ability. */
export function defineAbility(memberships: AbilityMembership[]): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const membership of memberships) ROLE_RULES[membership.role](can, membership);
  return build();
}

const rulesKeys = new WeakMap<AppAbility, string>();
/** Equal keys: abilities that decide everything alike (so what one viewer is shown, the other may be shown). */
export function rulesKey(ability: AppAbility): string {
  let key = rulesKeys.get(ability);
  if (key === undefined) {
    key = JSON.stringify(ability.rules);
    rulesKeys.set(ability, key);
  }
  return key;
}
