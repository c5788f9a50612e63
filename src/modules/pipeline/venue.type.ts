import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import type { VenueEntity } from './venue.entity';
import { REQUEST_ID_DESCRIPTION } from '../../graphql/request-id';

@ObjectType('Venue', {
  implements: Node,
  description: "A venue the viewer aims work at (CVPR 2022, ECCV 2022…), with its dates in the viewer's calendar.",
})
export class VenueObject implements Node {
  readonly __typename = 'Venue';
  entity!: VenueEntity;

  @Field(() => ID, { description: 'Global ID of the venue.' })
  id!: string;

  @Field(() => String, { description: 'Name, e.g. "CVPR 2022".' })
  name!: string;

  @Field(() => LocalDateScalar, { description: 'Submission deadline.' })
  deadline!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day decisions are announced.' })
  notificationDate!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Camera-ready deadline.' })
  cameraReadyDeadline!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day of the conference.' })
  conferenceStart!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day of the conference.' })
  conferenceEnd!: string | null;

  @Field(() => String, { nullable: true, description: 'Link to the call for papers.' })
  url!: string | null;
}

/** The GraphQL shape of a stored venue. */
export function toVenueObject(v: VenueEntity): VenueObject {
  return Object.assign(new VenueObject(), {
    entity: v,
    id: toGlobalId('Venue', v.id),
    name: v.name,
    deadline: v.deadline,
    notificationDate: v.notificationDate,
    cameraReadyDeadline: v.cameraReadyDeadline,
    conferenceStart: v.conferenceStart,
    conferenceEnd: v.conferenceEnd,
    url: v.url,
  });
}

@InputType({ description: 'A new venue.' })
export class CreateVenueInput {
  @Field(() => String, { description: 'Name, 1–200 characters.' })
  name!: string;

  @Field(() => LocalDateScalar, { description: 'Submission deadline.' })
  deadline!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day decisions are announced; on or after the deadline.' })
  notificationDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Camera-ready deadline; on or after the deadline.' })
  cameraReadyDeadline?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day of the conference; on or after the deadline.' })
  conferenceStart?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day of the conference; on or after its first day.' })
  conferenceEnd?: string | null;

  @Field(() => String, { nullable: true, description: 'Link (http or https).' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@InputType({ description: 'Changes to a venue. Omitted fields stay as they are; null clears an optional field.' })
export class UpdateVenueInput {
  @Field(() => ID, { description: 'The venue to change.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New submission deadline (pipelines aimed at it re-plan).' })
  deadline?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New notification day; null clears it.' })
  notificationDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New camera-ready deadline; null clears it.' })
  cameraReadyDeadline?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New first day of the conference; null clears it.' })
  conferenceStart?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New last day of the conference; null clears it.' })
  conferenceEnd?: string | null;

  @Field(() => String, { nullable: true, description: 'New link; null clears it.' })
  url?: string | null;
}

@InputType({ description: 'The venue to delete. Pipelines aimed at it lose their venue.' })
export class DeleteVenueInput {
  @Field(() => ID, { description: 'Global ID of the venue.' })
  id!: string;
}

@ObjectType({ description: 'The result of createVenue.' })
export class CreateVenuePayload {
  @Field(() => VenueObject, { description: 'The new venue.' })
  venue!: VenueObject;
}

@ObjectType({ description: 'The result of updateVenue.' })
export class UpdateVenuePayload {
  @Field(() => VenueObject, { description: 'The venue as it is now.' })
  venue!: VenueObject;
}

@ObjectType({ description: 'The result of deleteVenue.' })
export class DeleteVenuePayload {
  @Field(() => ID, { description: 'ID of the deleted venue.' })
  deletedId!: string;
}
