// DynamoDB Streams: records arrive in order per item. On failure, report that record's
// SequenceNumber and stop: the batch is retried from there (needs ReportBatchItemFailures).
import { unmarshall } from "./unmarshall.mjs";

function changedAttributes(oldItem, newItem) {
  const names = new Set([...Object.keys(oldItem), ...Object.keys(newItem)]);
  return [...names].filter((n) => JSON.stringify(oldItem[n]) !== JSON.stringify(newItem[n])).sort();
}

function describeChange(record) {
  const { Keys, NewImage, OldImage } = record.dynamodb;
  const key = unmarshall(Keys);
  switch (record.eventName) {
    case "INSERT":
      return { type: "INSERT", key, item: unmarshall(NewImage) };
    case "MODIFY":
      return {
        type: "MODIFY",
        key,
        changed: changedAttributes(unmarshall(OldImage), unmarshall(NewImage)),
        item: unmarshall(NewImage),
      };
    case "REMOVE":
      return { type: "REMOVE", key, item: unmarshall(OldImage) };
    default:
      throw new Error(`unexpected eventName ${record.eventName}`);
  }
}

export const handler = async (event) => {
  const counts = { INSERT: 0, MODIFY: 0, REMOVE: 0 };
  const changes = [];
  for (const record of event.Records ?? []) {
    try {
      const change = describeChange(record);
      counts[change.type] += 1;
      changes.push(change);
      console.log(`${change.type} ${JSON.stringify(change.key)}`);
    } catch (err) {
      console.error(`record ${record.dynamodb?.SequenceNumber} failed: ${err.message}`);
      return {
        counts,
        changes,
        batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber }],
      };
    }
  }
  return { counts, changes, batchItemFailures: [] };
};
