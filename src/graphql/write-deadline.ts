import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { withWriteDeadline } from '../deadline';
import type { RequestContext } from './context';

/**
 * Puts every mutation under the request's deadline for its writes (`withWriteDeadline`): a transaction past it
 * answers TIMEOUT and rolls back whole. Once the mutation has returned, its change is saved, so its payload resolves
 * without the budget (`Loaders.afterWrite`). Only the root fields of Mutation are wrapped: queries pay nothing.
 */
export function putMutationsUnderWriteDeadline(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context: RequestContext, info) =>
      withWriteDeadline(context.loaders.requestDeadline, async () => {
        const result: unknown = await resolve(source, args, context, info);
        context.loaders = context.loaders.afterWrite();
        return result;
      });
  }
}
