import { graphql } from '../gql';

// The HQ quality dashboard's documents (the analytics API of issue #7).

export const QualityFiguresFragment = graphql(`
  fragment QualityFigures on Metrics {
    organization {
      id
      code
      name
      kind
    }
    casesOpened
    casesResolved
    backlog {
      total
    }
    firstResponseMinutes {
      median
      p90
      count
    }
    resolutionMinutes {
      median
      p90
      count
    }
    slaCompliance
    escalationRate
    reopenRate
    csatAverage
    csatResponses
  }
`);

export const QualityMetricsQuery = graphql(`
  query QualityMetrics($organizationId: ID, $from: DateTime!, $to: DateTime!, $bucket: TimelineBucket!) {
    metrics(organizationId: $organizationId, from: $from, to: $to) {
      ...QualityFigures
      byChannel {
        channel
        count
      }
      timeline(bucket: $bucket) {
        start
        opened
        resolved
      }
      children {
        ...QualityFigures
      }
    }
  }
`);

export const QualityAuditQuery = graphql(`
  query QualityAudit($filter: AuditEventFilter, $first: Int!, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          type
          at
          channel
          body
          score
          actor {
            id
            name
          }
          actorRole
          organization {
            id
            name
          }
          case {
            id
            reference
          }
        }
      }
    }
  }
`);

/** Who may appear as an actor in the audit filter: the staff of every organization the viewer sees. */
export const QualityStaffQuery = graphql(`
  query QualityStaff {
    organizations {
      id
      staff(first: 100) {
        edges {
          node {
            id
            name
          }
        }
      }
    }
  }
`);

/** Figures without an identity of their own: Graphcache keeps them inside the query that asked for them. */
export const QUALITY_EMBEDDED_TYPES = [
  'Metrics',
  'Backlog',
  'MinutePercentiles',
  'ChannelCount',
  'MetricsTimelinePoint',
  'AuditEventConnection',
  'AuditEventConnectionEdge',
  'StaffConnection',
  'StaffConnectionEdge',
];
