/** The description of every creating mutation's `requestId` input field. */
export const REQUEST_ID_DESCRIPTION =
  'Client-chosen key (1–100 characters) that makes retries safe: the same key with the same input returns what the first call created and creates nothing; with other input it fails with CONFLICT. Unique per viewer and mutation.';
