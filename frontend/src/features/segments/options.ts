import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { OptionSource } from './rules/conditions';

const RuleOptionsDoc = graphql(`
  query RuleOptions {
    stores {
      id
      name
    }
    guides {
      id
      name
      store {
        name
      }
    }
    tiers {
      id
      name
      level
    }
    tags {
      tag
    }
    segments(first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

// Catalogue lists, asked separately: a server without them must not break the rest of the builder.
const CatalogueOptionsDoc = graphql(`
  query CatalogueOptions {
    cardProducts {
      id
      name
      kind
    }
    products {
      id
      name
      kind
      category
    }
  }
`);

export type Options = Record<OptionSource, { value: string; label: string }[]>;

/** The choices the typed value editors offer (stores, guides, tiers, tags, cards, segments). */
export function useRuleOptions(): { options: Options; loading: boolean } {
  const [{ data, fetching }] = useQuery({ query: RuleOptionsDoc });
  const [{ data: catalogue }] = useQuery({ query: CatalogueOptionsDoc });
  const cards = catalogue?.cardProducts ?? [];
  const products = catalogue?.products ?? [];
  const options: Options = {
    stores: (data?.stores ?? []).map((s) => ({ value: s.id, label: s.name })),
    guides: (data?.guides ?? []).map((g) => ({ value: g.id, label: g.store ? `${g.name} · ${g.store.name}` : g.name })),
    tiers: [...(data?.tiers ?? [])].sort((a, b) => a.level - b.level).map((x) => ({ value: x.id, label: x.name })),
    tags: (data?.tags ?? []).map((x) => ({ value: x.tag, label: x.tag })),
    cardProducts: cards.map((c) => ({ value: c.id, label: c.name })),
    storedValueCards: cards.filter((c) => c.kind === 'STORED_VALUE').map((c) => ({ value: c.id, label: c.name })),
    punchCards: cards.filter((c) => c.kind === 'PUNCH').map((c) => ({ value: c.id, label: c.name })),
    products: products.map((p) => ({ value: p.id, label: p.category ? `${p.name} · ${p.category}` : p.name })),
    services: products.filter((p) => p.kind === 'SERVICE').map((p) => ({ value: p.id, label: p.name })),
    categories: [...new Set(products.map((p) => p.category).filter(Boolean))].map((c) => ({ value: c, label: c })),
    segments: (data?.segments.nodes ?? []).map((s) => ({ value: s.id, label: s.name })),
    sources: ['门店', '小程序', '大众点评', '美团', '抖音', '小红书', '导入'].map((x) => ({ value: x, label: x })),
  };
  return { options, loading: fetching };
}
