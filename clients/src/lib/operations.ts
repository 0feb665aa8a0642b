import { graphql } from '../gql';
import type { CaseTimelineQuery as CaseTimelineResult } from '../gql/graphql';

// Every GraphQL document the client sends, in one place; `npm run codegen` types them into ../gql.

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    name
    email
    memberships {
      role
      organization {
        id
        code
        name
        kind
        timeZone
        country
      }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      __typename
      ... on LoginPayload {
        token
        viewer {
          ...ViewerFields
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);

export const CaseListFields = graphql(`
  fragment CaseListFields on Case {
    id
    reference
    subject
    status
    priority
    channel
    level
    updatedAt
    version
    owner {
      id
      name
      kind
    }
    customer {
      id
      name
      phone
      email
    }
    assignee {
      id
      name
    }
    sla {
      breached
      warning
      paused
      firstResponseDueAt
      resolutionDueAt
    }
  }
`);

export const CasesQuery = graphql(`
  query Cases($filter: CaseFilter, $first: Int, $after: String) {
    cases(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CaseListFields
        }
      }
    }
  }
`);

/** A known customer, found from their cases as the phone is typed at the counter. */
export const CustomerByPhoneQuery = graphql(`
  query CustomerByPhone($phone: String!) {
    cases(filter: { customerPhone: $phone }, first: 1) {
      totalCount
      edges {
        node {
          id
          customer {
            id
            name
            email
            phone
          }
        }
      }
    }
  }
`);

export const CaseDetailFields = graphql(`
  fragment CaseDetailFields on Case {
    ...CaseListFields
    accessCode
    assigned
    description
    createdAt
    resolvedAt
    rating
    originOrganization {
      id
      name
      kind
      code
    }
    owner {
      id
      code
      name
      kind
      timeZone
      ancestors {
        id
        name
        kind
      }
    }
    holders {
      id
      name
      kind
    }
    sla {
      firstResponse {
        dueAt
        leftMinutes
        metAt
      }
      resolution {
        dueAt
        leftMinutes
        metAt
      }
      holdings {
        from
        to
        usedMinutes
        organization {
          id
          name
          kind
        }
      }
    }
  }
`);

export const CaseQuery = graphql(`
  query Case($reference: String!) {
    case(reference: $reference) {
      ...CaseDetailFields
    }
  }
`);

/**
 * The history, apart from the case itself: the hub's query cost limit refuses the two in one operation (and
 * counts a fragment spread as a level, so the event fields are inline). Read again whenever the version moves.
 */
export const CaseTimelineQuery = graphql(`
  query CaseTimeline($reference: String!) {
    case(reference: $reference) {
      id
      events(first: 100) {
        edges {
          node {
            id
            type
            at
            body
            channel
            visibility
            fromStatus
            toStatus
            score
            actorRole
            actor {
              id
              name
            }
            organization {
              id
              name
            }
            toOrganization {
              id
              name
            }
          }
        }
      }
    }
  }
`);

/** The same selection as the case view: Graphcache writes it over the cached case, so every view updates. */
export const CaseUpdatedSubscription = graphql(`
  subscription CaseUpdated($reference: String!) {
    caseUpdated(reference: $reference) {
      ...CaseDetailFields
    }
  }
`);

/** Every new event the viewer may see: lists refresh when one arrives. */
export const CaseEventsSubscription = graphql(`
  subscription CaseEvents($organizationId: ID, $after: ID) {
    caseEvents(organizationId: $organizationId, after: $after) {
      id
      type
      case {
        id
        reference
      }
    }
  }
`);

export const OrganizationsQuery = graphql(`
  query Organizations {
    organizations {
      id
      code
      name
      kind
      timeZone
      parent {
        id
      }
    }
  }
`);

export const MutationErrorFields = graphql(`
  fragment MutationErrorFields on Error {
    __typename
    message
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
    ... on ConflictError {
      currentVersion
    }
  }
`);

export const OpenCaseMutation = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      __typename
      ... on OpenCasePayload {
        case {
          ...CaseDetailFields
        }
      }
      ...MutationErrorFields
    }
  }
`);

export const AssignCaseMutation = graphql(`
  mutation AssignCase($input: AssignCaseInput!) {
    assignCase(input: $input) {
      __typename
      ... on AssignCasePayload {
        case {
          ...CaseDetailFields
        }
      }
      ...MutationErrorFields
    }
  }
`);

/** Who the case can go to at its holder: read when the assignment form opens (staff as the directory allows). */
export const CaseOwnerStaffQuery = graphql(`
  query CaseOwnerStaff($reference: String!) {
    case(reference: $reference) {
      id
      owner {
        id
        staff(first: 100) {
          edges {
            node {
              id
              name
              email
              active
            }
          }
        }
      }
    }
  }
`);

export const AddCaseNoteMutation = graphql(`
  mutation AddCaseNote($input: AddCaseNoteInput!) {
    addCaseNote(input: $input) {
      __typename
      ... on AddCaseNotePayload {
        case {
          ...CaseDetailFields
        }
      }
      ...MutationErrorFields
    }
  }
`);

export const LogCaseContactMutation = graphql(`
  mutation LogCaseContact($input: LogCaseContactInput!) {
    logCaseContact(input: $input) {
      __typename
      ... on LogCaseContactPayload {
        case {
          ...CaseDetailFields
        }
      }
      ...MutationErrorFields
    }
  }
`);

export const ChangeCaseStatusMutation = graphql(`
  mutation ChangeCaseStatus($input: ChangeCaseStatusInput!) {
    changeCaseStatus(input: $input) {
      __typename
      ... on ChangeCaseStatusPayload {
        case {
          ...CaseDetailFields
        }
      }
      ...MutationErrorFields
    }
  }
`);

export const EscalateCaseMutation = graphql(`
  mutation EscalateCase($input: EscalateCaseInput!) {
    escalateCase(input: $input) {
      __typename
      ... on EscalateCasePayload {
        case {
          ...CaseDetailFields
        }
      }
      ...MutationErrorFields
    }
  }
`);

export const TransferCaseMutation = graphql(`
  mutation TransferCase($input: TransferCaseInput!) {
    transferCase(input: $input) {
      __typename
      ... on TransferCasePayload {
        case {
          ...CaseDetailFields
        }
      }
      ...MutationErrorFields
    }
  }
`);

export const PublicStatusFields = graphql(`
  fragment PublicStatusFields on PublicCaseStatus {
    reference
    subject
    status
    level
    organizationName
    firstResponseDueAt
    resolutionDueAt
    updatedAt
    canRate
    rating
    events {
      type
      body
      channel
      status
      at
    }
  }
`);

export const PublicCaseStatusQuery = graphql(`
  query PublicCaseStatus($reference: String!, $accessCode: String!) {
    publicCaseStatus(reference: $reference, accessCode: $accessCode) {
      ...PublicStatusFields
    }
  }
`);

export const AddPublicMessageMutation = graphql(`
  mutation AddPublicMessage($input: AddPublicMessageInput!) {
    addPublicMessage(input: $input) {
      ...PublicStatusFields
    }
  }
`);

export const RateCaseMutation = graphql(`
  mutation RateCase($input: RateCaseInput!) {
    rateCase(input: $input) {
      ...PublicStatusFields
    }
  }
`);

/** One entry of a case's history as the timeline shows it. */
export type CaseEvent = NonNullable<CaseTimelineResult['case']>['events']['edges'][number]['node'];
