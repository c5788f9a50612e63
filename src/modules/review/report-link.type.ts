import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { Locale } from './review.type';

export enum ReportFormat {
  HTML = 'HTML',
  MARKDOWN = 'MARKDOWN',
}
registerEnumType(ReportFormat, {
  name: 'ReportFormat',
  description: 'What a report link opens. The signature does not cover the format: the same link works with .html and .md.',
  valuesConfig: {
    HTML: { description: 'The page for looking at: heatmap, month charts, outcomes, milestone timeline (/reports/<year>.html).' },
    MARKDOWN: { description: 'The draft retrospective to edit (/reports/<year>.md).' },
  },
});

@InputType({ description: 'The report a signed link should open.' })
export class CreateReportLinkInput {
  @Field(() => Int, { description: 'The year, 1970–9999.' })
  year!: number;

  @Field(() => Locale, { defaultValue: Locale.EN, description: 'Language of the report; signed into the link.' })
  locale!: Locale;

  @Field(() => ReportFormat, { defaultValue: ReportFormat.HTML, description: 'Which file the URL points at.' })
  format!: ReportFormat;
}

@ObjectType({ description: "The result of createReportLink: a link that opens the viewer's report without a token until it expires." })
export class CreateReportLinkPayload {
  @Field(() => String, { description: 'The signed URL. Anyone holding it can read that report until expiresAt, so share it with care.' })
  url!: string;

  @Field(() => DateTimeScalar, { description: 'When the link stops working (7 days after it was made).' })
  expiresAt!: Date;
}

@ObjectType({ description: 'The result of revokeReportLinks.' })
export class RevokeReportLinksPayload {
  @Field(() => DateTimeScalar, { description: 'When the links were revoked: every link made before then has stopped working.' })
  revokedAt!: Date;
}
