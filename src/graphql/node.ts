import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's Node: anything with a global ID that `node(id:)` can fetch back. */
@InterfaceType('Node', {
  description: 'An object with a global ID, fetchable with Query.node(id:).',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global, opaque ID of this object.' })
  id!: string;
}
