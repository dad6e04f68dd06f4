/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      viewer {\n        name\n        role\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Viewer {\n    viewer {\n      name\n      role\n      scopes\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query Member($id: ID!) {\n    member(id: $id) {\n      id\n      name\n      phone\n      gender\n      birthday\n      registeredAt\n      source\n      homeStore {\n        id\n        name\n      }\n      guide {\n        id\n        name\n      }\n      guideFriendSince\n      tier {\n        id\n        name\n      }\n      tags\n      customAttributes\n      channels {\n        sms\n        wechatOpenid\n        wechatSubscribed\n        wecomExternalId\n        email\n        emailConsent\n        push\n      }\n      firstVisitAt\n      lastPurchaseAt\n      orderCount\n      totalSpend\n      pointsBalance\n      cards {\n        id\n        balance\n        remainingUses\n        issuedAt\n        expiresAt\n        expired\n        product {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": typeof types.MemberDocument,
    "\n  query MemberOrders($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      orders(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          orderedAt\n          total\n          refunded\n          net\n          status\n          source\n          externalId\n          lines {\n            id\n            kind\n            name\n            category\n            quantity\n            unitPrice\n            amount\n            refunded\n          }\n        }\n      }\n    }\n  }\n": typeof types.MemberOrdersDocument,
    "\n  query MemberPoints($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      points(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          delta\n          reason\n          note\n          occurredAt\n          expiresAt\n        }\n      }\n    }\n  }\n": typeof types.MemberPointsDocument,
    "\n  query MemberEvents($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      events(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          type\n          occurredAt\n          source\n          payload\n        }\n      }\n    }\n  }\n": typeof types.MemberEventsDocument,
    "\n  query Members(\n    $first: Int\n    $after: String\n    $search: String\n    $storeIds: [ID!]\n    $guideIds: [ID!]\n    $tierIds: [ID!]\n    $tags: [String!]\n    $sort: MemberSort\n  ) {\n    members(\n      first: $first\n      after: $after\n      search: $search\n      storeIds: $storeIds\n      guideIds: $guideIds\n      tierIds: $tierIds\n      tags: $tags\n      sort: $sort\n    ) {\n      totalCount\n      nodes {\n        id\n        name\n        phone\n        gender\n        registeredAt\n        homeStore {\n          id\n          name\n        }\n        guide {\n          id\n          name\n        }\n        tier {\n          id\n          name\n        }\n        tags\n        lastPurchaseAt\n        orderCount\n        totalSpend\n      }\n    }\n  }\n": typeof types.MembersDocument,
    "\n  query FilterOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        id\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n      members\n    }\n  }\n": typeof types.FilterOptionsDocument,
    "\n  query MemberSegments($id: ID!) {\n    member(id: $id) {\n      id\n      segments {\n        id\n        name\n        kind\n        memberCount\n        lastRefreshedAt\n      }\n    }\n  }\n": typeof types.MemberSegmentsDocument,
    "\n  query Segment($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n      lastRefreshedAt\n      lastRefreshMs\n      refreshSlow\n      createdAt\n      updatedAt\n      sizeHistory(last: 60) {\n        at\n        trigger\n        memberCount\n        entered\n        exited\n        durationMs\n        slow\n      }\n    }\n  }\n": typeof types.SegmentDocument,
    "\n  query SegmentMembers($id: ID!, $first: Int, $after: String) {\n    segment(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          name\n          phone\n          tier {\n            name\n          }\n          homeStore {\n            name\n          }\n          lastPurchaseAt\n          totalSpend\n        }\n      }\n    }\n  }\n": typeof types.SegmentMembersDocument,
    "\n  mutation SegmentDelete($id: ID!) {\n    segmentDelete(id: $id) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": typeof types.SegmentDeleteDocument,
    "\n  query SegmentForEdit($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n    }\n  }\n": typeof types.SegmentForEditDocument,
    "\n  mutation SegmentCreate($input: SegmentCreateInput!) {\n    segmentCreate(input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": typeof types.SegmentCreateDocument,
    "\n  mutation SegmentUpdate($id: ID!, $input: SegmentUpdateInput!) {\n    segmentUpdate(id: $id, input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": typeof types.SegmentUpdateDocument,
    "\n  query Segments($first: Int, $after: String, $search: String, $kind: SegmentKind) {\n    segments(first: $first, after: $after, search: $search, kind: $kind) {\n      totalCount\n      nodes {\n        id\n        name\n        description\n        kind\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n        updatedAt\n      }\n    }\n  }\n": typeof types.SegmentsDocument,
    "\n  query EstimateAudience($rule: SegmentRuleInput!, $channels: [ReachChannel!]) {\n    estimateAudience(rule: $rule, channels: $channels) {\n      total\n      reachable {\n        channel\n        count\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": typeof types.EstimateAudienceDocument,
    "\n  query AllMembersCount {\n    members(first: 0) {\n      totalCount\n    }\n  }\n": typeof types.AllMembersCountDocument,
    "\n  query RuleOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        name\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n    }\n    segments(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": typeof types.RuleOptionsDocument,
    "\n  query CatalogueOptions {\n    cardProducts {\n      id\n      name\n      kind\n    }\n    products {\n      id\n      name\n      kind\n      category\n    }\n  }\n": typeof types.CatalogueOptionsDocument,
    "\n  mutation SegmentRefresh($id: ID!) {\n    segmentRefresh(id: $id) {\n      segment {\n        id\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n      }\n      refresh {\n        memberCount\n        entered\n        exited\n        durationMs\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": typeof types.SegmentRefreshDocument,
    "\n  mutation Logout {\n    logout {\n      __typename\n    }\n  }\n": typeof types.LogoutDocument,
};
const documents: Documents = {
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      viewer {\n        name\n        role\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query Viewer {\n    viewer {\n      name\n      role\n      scopes\n    }\n  }\n": types.ViewerDocument,
    "\n  query Member($id: ID!) {\n    member(id: $id) {\n      id\n      name\n      phone\n      gender\n      birthday\n      registeredAt\n      source\n      homeStore {\n        id\n        name\n      }\n      guide {\n        id\n        name\n      }\n      guideFriendSince\n      tier {\n        id\n        name\n      }\n      tags\n      customAttributes\n      channels {\n        sms\n        wechatOpenid\n        wechatSubscribed\n        wecomExternalId\n        email\n        emailConsent\n        push\n      }\n      firstVisitAt\n      lastPurchaseAt\n      orderCount\n      totalSpend\n      pointsBalance\n      cards {\n        id\n        balance\n        remainingUses\n        issuedAt\n        expiresAt\n        expired\n        product {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": types.MemberDocument,
    "\n  query MemberOrders($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      orders(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          orderedAt\n          total\n          refunded\n          net\n          status\n          source\n          externalId\n          lines {\n            id\n            kind\n            name\n            category\n            quantity\n            unitPrice\n            amount\n            refunded\n          }\n        }\n      }\n    }\n  }\n": types.MemberOrdersDocument,
    "\n  query MemberPoints($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      points(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          delta\n          reason\n          note\n          occurredAt\n          expiresAt\n        }\n      }\n    }\n  }\n": types.MemberPointsDocument,
    "\n  query MemberEvents($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      events(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          type\n          occurredAt\n          source\n          payload\n        }\n      }\n    }\n  }\n": types.MemberEventsDocument,
    "\n  query Members(\n    $first: Int\n    $after: String\n    $search: String\n    $storeIds: [ID!]\n    $guideIds: [ID!]\n    $tierIds: [ID!]\n    $tags: [String!]\n    $sort: MemberSort\n  ) {\n    members(\n      first: $first\n      after: $after\n      search: $search\n      storeIds: $storeIds\n      guideIds: $guideIds\n      tierIds: $tierIds\n      tags: $tags\n      sort: $sort\n    ) {\n      totalCount\n      nodes {\n        id\n        name\n        phone\n        gender\n        registeredAt\n        homeStore {\n          id\n          name\n        }\n        guide {\n          id\n          name\n        }\n        tier {\n          id\n          name\n        }\n        tags\n        lastPurchaseAt\n        orderCount\n        totalSpend\n      }\n    }\n  }\n": types.MembersDocument,
    "\n  query FilterOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        id\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n      members\n    }\n  }\n": types.FilterOptionsDocument,
    "\n  query MemberSegments($id: ID!) {\n    member(id: $id) {\n      id\n      segments {\n        id\n        name\n        kind\n        memberCount\n        lastRefreshedAt\n      }\n    }\n  }\n": types.MemberSegmentsDocument,
    "\n  query Segment($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n      lastRefreshedAt\n      lastRefreshMs\n      refreshSlow\n      createdAt\n      updatedAt\n      sizeHistory(last: 60) {\n        at\n        trigger\n        memberCount\n        entered\n        exited\n        durationMs\n        slow\n      }\n    }\n  }\n": types.SegmentDocument,
    "\n  query SegmentMembers($id: ID!, $first: Int, $after: String) {\n    segment(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          name\n          phone\n          tier {\n            name\n          }\n          homeStore {\n            name\n          }\n          lastPurchaseAt\n          totalSpend\n        }\n      }\n    }\n  }\n": types.SegmentMembersDocument,
    "\n  mutation SegmentDelete($id: ID!) {\n    segmentDelete(id: $id) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": types.SegmentDeleteDocument,
    "\n  query SegmentForEdit($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n    }\n  }\n": types.SegmentForEditDocument,
    "\n  mutation SegmentCreate($input: SegmentCreateInput!) {\n    segmentCreate(input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": types.SegmentCreateDocument,
    "\n  mutation SegmentUpdate($id: ID!, $input: SegmentUpdateInput!) {\n    segmentUpdate(id: $id, input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": types.SegmentUpdateDocument,
    "\n  query Segments($first: Int, $after: String, $search: String, $kind: SegmentKind) {\n    segments(first: $first, after: $after, search: $search, kind: $kind) {\n      totalCount\n      nodes {\n        id\n        name\n        description\n        kind\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n        updatedAt\n      }\n    }\n  }\n": types.SegmentsDocument,
    "\n  query EstimateAudience($rule: SegmentRuleInput!, $channels: [ReachChannel!]) {\n    estimateAudience(rule: $rule, channels: $channels) {\n      total\n      reachable {\n        channel\n        count\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": types.EstimateAudienceDocument,
    "\n  query AllMembersCount {\n    members(first: 0) {\n      totalCount\n    }\n  }\n": types.AllMembersCountDocument,
    "\n  query RuleOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        name\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n    }\n    segments(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": types.RuleOptionsDocument,
    "\n  query CatalogueOptions {\n    cardProducts {\n      id\n      name\n      kind\n    }\n    products {\n      id\n      name\n      kind\n      category\n    }\n  }\n": types.CatalogueOptionsDocument,
    "\n  mutation SegmentRefresh($id: ID!) {\n    segmentRefresh(id: $id) {\n      segment {\n        id\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n      }\n      refresh {\n        memberCount\n        entered\n        exited\n        durationMs\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": types.SegmentRefreshDocument,
    "\n  mutation Logout {\n    logout {\n      __typename\n    }\n  }\n": types.LogoutDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      viewer {\n        name\n        role\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      viewer {\n        name\n        role\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      name\n      role\n      scopes\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      name\n      role\n      scopes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Member($id: ID!) {\n    member(id: $id) {\n      id\n      name\n      phone\n      gender\n      birthday\n      registeredAt\n      source\n      homeStore {\n        id\n        name\n      }\n      guide {\n        id\n        name\n      }\n      guideFriendSince\n      tier {\n        id\n        name\n      }\n      tags\n      customAttributes\n      channels {\n        sms\n        wechatOpenid\n        wechatSubscribed\n        wecomExternalId\n        email\n        emailConsent\n        push\n      }\n      firstVisitAt\n      lastPurchaseAt\n      orderCount\n      totalSpend\n      pointsBalance\n      cards {\n        id\n        balance\n        remainingUses\n        issuedAt\n        expiresAt\n        expired\n        product {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Member($id: ID!) {\n    member(id: $id) {\n      id\n      name\n      phone\n      gender\n      birthday\n      registeredAt\n      source\n      homeStore {\n        id\n        name\n      }\n      guide {\n        id\n        name\n      }\n      guideFriendSince\n      tier {\n        id\n        name\n      }\n      tags\n      customAttributes\n      channels {\n        sms\n        wechatOpenid\n        wechatSubscribed\n        wecomExternalId\n        email\n        emailConsent\n        push\n      }\n      firstVisitAt\n      lastPurchaseAt\n      orderCount\n      totalSpend\n      pointsBalance\n      cards {\n        id\n        balance\n        remainingUses\n        issuedAt\n        expiresAt\n        expired\n        product {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberOrders($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      orders(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          orderedAt\n          total\n          refunded\n          net\n          status\n          source\n          externalId\n          lines {\n            id\n            kind\n            name\n            category\n            quantity\n            unitPrice\n            amount\n            refunded\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MemberOrders($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      orders(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          orderedAt\n          total\n          refunded\n          net\n          status\n          source\n          externalId\n          lines {\n            id\n            kind\n            name\n            category\n            quantity\n            unitPrice\n            amount\n            refunded\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberPoints($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      points(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          delta\n          reason\n          note\n          occurredAt\n          expiresAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MemberPoints($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      points(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          delta\n          reason\n          note\n          occurredAt\n          expiresAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberEvents($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      events(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          type\n          occurredAt\n          source\n          payload\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MemberEvents($id: ID!, $first: Int, $after: String) {\n    member(id: $id) {\n      id\n      events(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          type\n          occurredAt\n          source\n          payload\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members(\n    $first: Int\n    $after: String\n    $search: String\n    $storeIds: [ID!]\n    $guideIds: [ID!]\n    $tierIds: [ID!]\n    $tags: [String!]\n    $sort: MemberSort\n  ) {\n    members(\n      first: $first\n      after: $after\n      search: $search\n      storeIds: $storeIds\n      guideIds: $guideIds\n      tierIds: $tierIds\n      tags: $tags\n      sort: $sort\n    ) {\n      totalCount\n      nodes {\n        id\n        name\n        phone\n        gender\n        registeredAt\n        homeStore {\n          id\n          name\n        }\n        guide {\n          id\n          name\n        }\n        tier {\n          id\n          name\n        }\n        tags\n        lastPurchaseAt\n        orderCount\n        totalSpend\n      }\n    }\n  }\n"): (typeof documents)["\n  query Members(\n    $first: Int\n    $after: String\n    $search: String\n    $storeIds: [ID!]\n    $guideIds: [ID!]\n    $tierIds: [ID!]\n    $tags: [String!]\n    $sort: MemberSort\n  ) {\n    members(\n      first: $first\n      after: $after\n      search: $search\n      storeIds: $storeIds\n      guideIds: $guideIds\n      tierIds: $tierIds\n      tags: $tags\n      sort: $sort\n    ) {\n      totalCount\n      nodes {\n        id\n        name\n        phone\n        gender\n        registeredAt\n        homeStore {\n          id\n          name\n        }\n        guide {\n          id\n          name\n        }\n        tier {\n          id\n          name\n        }\n        tags\n        lastPurchaseAt\n        orderCount\n        totalSpend\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FilterOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        id\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n      members\n    }\n  }\n"): (typeof documents)["\n  query FilterOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        id\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n      members\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberSegments($id: ID!) {\n    member(id: $id) {\n      id\n      segments {\n        id\n        name\n        kind\n        memberCount\n        lastRefreshedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query MemberSegments($id: ID!) {\n    member(id: $id) {\n      id\n      segments {\n        id\n        name\n        kind\n        memberCount\n        lastRefreshedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Segment($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n      lastRefreshedAt\n      lastRefreshMs\n      refreshSlow\n      createdAt\n      updatedAt\n      sizeHistory(last: 60) {\n        at\n        trigger\n        memberCount\n        entered\n        exited\n        durationMs\n        slow\n      }\n    }\n  }\n"): (typeof documents)["\n  query Segment($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n      lastRefreshedAt\n      lastRefreshMs\n      refreshSlow\n      createdAt\n      updatedAt\n      sizeHistory(last: 60) {\n        at\n        trigger\n        memberCount\n        entered\n        exited\n        durationMs\n        slow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentMembers($id: ID!, $first: Int, $after: String) {\n    segment(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          name\n          phone\n          tier {\n            name\n          }\n          homeStore {\n            name\n          }\n          lastPurchaseAt\n          totalSpend\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SegmentMembers($id: ID!, $first: Int, $after: String) {\n    segment(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        nodes {\n          id\n          name\n          phone\n          tier {\n            name\n          }\n          homeStore {\n            name\n          }\n          lastPurchaseAt\n          totalSpend\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SegmentDelete($id: ID!) {\n    segmentDelete(id: $id) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SegmentDelete($id: ID!) {\n    segmentDelete(id: $id) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentForEdit($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  query SegmentForEdit($id: ID!) {\n    segment(id: $id) {\n      id\n      name\n      description\n      kind\n      rule\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SegmentCreate($input: SegmentCreateInput!) {\n    segmentCreate(input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SegmentCreate($input: SegmentCreateInput!) {\n    segmentCreate(input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SegmentUpdate($id: ID!, $input: SegmentUpdateInput!) {\n    segmentUpdate(id: $id, input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SegmentUpdate($id: ID!, $input: SegmentUpdateInput!) {\n    segmentUpdate(id: $id, input: $input) {\n      segment {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Segments($first: Int, $after: String, $search: String, $kind: SegmentKind) {\n    segments(first: $first, after: $after, search: $search, kind: $kind) {\n      totalCount\n      nodes {\n        id\n        name\n        description\n        kind\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Segments($first: Int, $after: String, $search: String, $kind: SegmentKind) {\n    segments(first: $first, after: $after, search: $search, kind: $kind) {\n      totalCount\n      nodes {\n        id\n        name\n        description\n        kind\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EstimateAudience($rule: SegmentRuleInput!, $channels: [ReachChannel!]) {\n    estimateAudience(rule: $rule, channels: $channels) {\n      total\n      reachable {\n        channel\n        count\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  query EstimateAudience($rule: SegmentRuleInput!, $channels: [ReachChannel!]) {\n    estimateAudience(rule: $rule, channels: $channels) {\n      total\n      reachable {\n        channel\n        count\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AllMembersCount {\n    members(first: 0) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query AllMembersCount {\n    members(first: 0) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RuleOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        name\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n    }\n    segments(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query RuleOptions {\n    stores {\n      id\n      name\n    }\n    guides {\n      id\n      name\n      store {\n        name\n      }\n    }\n    tiers {\n      id\n      name\n      level\n    }\n    tags {\n      tag\n    }\n    segments(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogueOptions {\n    cardProducts {\n      id\n      name\n      kind\n    }\n    products {\n      id\n      name\n      kind\n      category\n    }\n  }\n"): (typeof documents)["\n  query CatalogueOptions {\n    cardProducts {\n      id\n      name\n      kind\n    }\n    products {\n      id\n      name\n      kind\n      category\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SegmentRefresh($id: ID!) {\n    segmentRefresh(id: $id) {\n      segment {\n        id\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n      }\n      refresh {\n        memberCount\n        entered\n        exited\n        durationMs\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SegmentRefresh($id: ID!) {\n    segmentRefresh(id: $id) {\n      segment {\n        id\n        memberCount\n        lastRefreshedAt\n        lastRefreshMs\n        refreshSlow\n      }\n      refresh {\n        memberCount\n        entered\n        exited\n        durationMs\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout {\n      __typename\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;