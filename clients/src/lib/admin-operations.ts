import { graphql } from '../gql';

// The administration area's GraphQL documents (organizations, staff, audit trail, set-password page).
// Staff come 25 at a time: the hub's query cost limit grows with the page size of a nested connection.

export const AdminOrganizationFields = graphql(`
  fragment AdminOrganizationFields on Organization {
    id
    code
    name
    kind
    timeZone
    country
    active
    viewerCanAdminister
    grantableRoles
    parent {
      id
    }
  }
`);

export const AdminOrganizationsQuery = graphql(`
  query AdminOrganizations {
    organizations {
      ...AdminOrganizationFields
    }
  }
`);

export const StaffMemberFields = graphql(`
  fragment StaffMemberFields on User {
    id
    name
    email
    active
    invitationPending
    memberships {
      role
      organization {
        id
        code
        name
      }
    }
  }
`);

export const OrganizationStaffQuery = graphql(`
  query OrganizationStaff($id: ID!, $after: String) {
    node(id: $id) {
      ... on Organization {
        id
        staff(first: 25, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              ...StaffMemberFields
            }
          }
        }
      }
    }
  }
`);

export const AdminChangesQuery = graphql(`
  query AdminChanges($first: Int!) {
    adminChanges(first: $first) {
      totalCount
      edges {
        node {
          id
          action
          at
          actor {
            id
            name
          }
          user {
            id
            name
            email
          }
          organization {
            id
            code
            name
          }
          changes {
            field
            before
            after
          }
        }
      }
    }
  }
`);

export const AdminErrorFields = graphql(`
  fragment AdminErrorFields on Error {
    __typename
    message
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
`);

export const CreateOrganizationMutation = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload {
        organization {
          ...AdminOrganizationFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const UpdateOrganizationMutation = graphql(`
  mutation UpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      __typename
      ... on UpdateOrganizationPayload {
        organization {
          ...AdminOrganizationFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const MoveOrganizationMutation = graphql(`
  mutation MoveOrganization($input: MoveOrganizationInput!) {
    moveOrganization(input: $input) {
      __typename
      ... on MoveOrganizationPayload {
        casesReindexed
        organization {
          ...AdminOrganizationFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const DeactivateOrganizationMutation = graphql(`
  mutation DeactivateOrganization($input: DeactivateOrganizationInput!) {
    deactivateOrganization(input: $input) {
      __typename
      ... on DeactivateOrganizationPayload {
        organization {
          ...AdminOrganizationFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const ReactivateOrganizationMutation = graphql(`
  mutation ReactivateOrganization($input: ReactivateOrganizationInput!) {
    reactivateOrganization(input: $input) {
      __typename
      ... on ReactivateOrganizationPayload {
        organization {
          ...AdminOrganizationFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const InviteUserMutation = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      __typename
      ... on InviteUserPayload {
        setPasswordToken
        setPasswordTokenExpiresAt
        user {
          ...StaffMemberFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const ReissueInvitationMutation = graphql(`
  mutation ReissueInvitation($input: ReissueInvitationInput!) {
    reissueInvitation(input: $input) {
      __typename
      ... on ReissueInvitationPayload {
        setPasswordToken
        setPasswordTokenExpiresAt
        user {
          ...StaffMemberFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const GrantRoleMutation = graphql(`
  mutation GrantRole($input: GrantRoleInput!) {
    grantRole(input: $input) {
      __typename
      ... on GrantRolePayload {
        user {
          ...StaffMemberFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const RevokeRoleMutation = graphql(`
  mutation RevokeRole($input: RevokeRoleInput!) {
    revokeRole(input: $input) {
      __typename
      ... on RevokeRolePayload {
        user {
          ...StaffMemberFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($input: DeactivateUserInput!) {
    deactivateUser(input: $input) {
      __typename
      ... on DeactivateUserPayload {
        user {
          ...StaffMemberFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const ReactivateUserMutation = graphql(`
  mutation ReactivateUser($input: ReactivateUserInput!) {
    reactivateUser(input: $input) {
      __typename
      ... on ReactivateUserPayload {
        user {
          ...StaffMemberFields
        }
      }
      ...AdminErrorFields
    }
  }
`);

export const SetPasswordMutation = graphql(`
  mutation SetPassword($input: SetPasswordInput!) {
    setPassword(input: $input) {
      __typename
      ... on SetPasswordPayload {
        email
      }
      ...AdminErrorFields
    }
  }
`);
