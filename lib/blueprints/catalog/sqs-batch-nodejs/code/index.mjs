// SQS batch with partial batch responses: return only the failed messageIds so SQS retries
// those and deletes the rest. Needs FunctionResponseTypes ["ReportBatchItemFailures"].
const maxAmount = Number(process.env.MAX_AMOUNT ?? "10000");

async function processOrder(order) {
  if (typeof order.orderId !== "string") throw new Error("orderId missing");
  if (!(order.amount > 0 && order.amount <= maxAmount))
    throw new Error(`amount ${order.amount} out of range`);
  // Replace with the real work (write to a table, call an API...). It must be idempotent:
  // SQS delivers at least once, and a retried batch may contain messages already done.
  console.log(`order ${order.orderId}: charged ${order.amount}`);
}

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records ?? []) {
    try {
      await processOrder(JSON.parse(record.body));
    } catch (err) {
      console.error(`message ${record.messageId} failed: ${err.message}`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
