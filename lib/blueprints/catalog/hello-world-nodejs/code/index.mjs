// Hello world: the event is any JSON; `name` is optional.
const greeting = process.env.GREETING ?? "Hello";

export const handler = async (event, context) => {
  const name = typeof event?.name === "string" && event.name.trim() ? event.name.trim() : "world";
  console.log(`Greeting ${name}`);
  return {
    message: `${greeting}, ${name}!`,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    requestId: context.awsRequestId,
    memoryLimitInMB: context.memoryLimitInMB,
    remainingTimeMs: context.getRemainingTimeInMillis(),
  };
};
