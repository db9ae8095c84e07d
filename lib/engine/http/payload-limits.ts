/** Lambda's request payload limits: a synchronous invoke's 6 MB, an Event invoke's 1 MB. */
export const MAX_SYNC_PAYLOAD = 6_291_456;
export const MAX_ASYNC_PAYLOAD = 1_048_576;
