import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { UserObject } from '../user/user.type';
import {
  CreateWebhookInput,
  CreateWebhookPayload,
  DeleteWebhookInput,
  DeleteWebhookPayload,
  RedeliverWebhookEventInput,
  RedeliverWebhookEventPayload,
  UpdateWebhookInput,
  UpdateWebhookPayload,
  WebhookDeliveryObject,
  WebhookObject,
  toDeliveryObject,
  toWebhookObject,
} from './webhook.type';

@Resolver()
export class WebhookResolver {
  @Authorized('write')
  @Mutation(() => CreateWebhookPayload, {
    description: 'Creates a webhook: each event of the chosen types is POSTed to its URL, signed with the secret answered here.',
  })
  async createWebhook(
    @Arg('input', () => CreateWebhookInput, { description: "The mutation's input." }) input: CreateWebhookInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateWebhookPayload> {
    const { webhook, secret } = await ctx.services.webhooks.create(ctx.viewer.user.id, input);
    return { webhook: toWebhookObject(webhook), secret };
  }

  @Authorized('write')
  @Mutation(() => UpdateWebhookPayload, { description: 'Changes a webhook, or switches it off or on again.' })
  async updateWebhook(
    @Arg('input', () => UpdateWebhookInput, { description: "The mutation's input." }) input: UpdateWebhookInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateWebhookPayload> {
    const { id, ...changes } = input;
    const webhook = await ctx.services.webhooks.update(ctx.viewer.user.id, parseIdOf('Webhook', id, 'id'), changes);
    return { webhook: toWebhookObject(webhook) };
  }

  @Authorized('write')
  @Mutation(() => DeleteWebhookPayload, { description: 'Deletes a webhook and its deliveries; nothing more is sent to it.' })
  async deleteWebhook(
    @Arg('input', () => DeleteWebhookInput, { description: "The mutation's input." }) input: DeleteWebhookInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteWebhookPayload> {
    await ctx.services.webhooks.delete(ctx.viewer.user.id, parseIdOf('Webhook', input.id, 'id'));
    return { deletedId: input.id };
  }

  @Authorized('write')
  @Mutation(() => RedeliverWebhookEventPayload, {
    description: "Sends a delivery's event to its webhook again, with the same Hoego-Delivery, as a new delivery.",
  })
  async redeliverWebhookEvent(
    @Arg('input', () => RedeliverWebhookEventInput, { description: "The mutation's input." }) input: RedeliverWebhookEventInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RedeliverWebhookEventPayload> {
    const view = await ctx.services.webhooks.redeliver(ctx.viewer.user.id, parseIdOf('WebhookDelivery', input.deliveryId, 'deliveryId'));
    return { delivery: toDeliveryObject(view) };
  }
}

@Resolver(() => UserObject)
export class ViewerWebhooksResolver {
  @FieldResolver(() => [WebhookObject], { description: "The viewer's webhooks, oldest first." })
  async webhooks(@Ctx() ctx: RequestContext): Promise<WebhookObject[]> {
    return (await ctx.services.webhooks.list(ctx.viewer.user.id)).map(toWebhookObject);
  }
}

@Resolver(() => WebhookObject)
export class WebhookDeliveriesResolver {
  @FieldResolver(() => [WebhookDeliveryObject], { description: 'The latest deliveries, newest first.' })
  async deliveries(
    @Root() webhook: WebhookObject,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many, 0–100.' }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDeliveryObject[]> {
    return (await ctx.loaders.webhookDeliveries(webhook.entity.id, first)).map(toDeliveryObject);
  }
}
