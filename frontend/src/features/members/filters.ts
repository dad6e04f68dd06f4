import { graphql } from '../../gql';

export const FilterOptionsDoc = graphql(`
  query FilterOptions {
    stores {
      id
      name
    }
    guides {
      id
      name
      store {
        id
      }
    }
    tiers {
      id
      name
      level
    }
    tags {
      tag
      members
    }
  }
`);
