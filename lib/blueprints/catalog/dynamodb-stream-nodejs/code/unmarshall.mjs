// DynamoDB AttributeValue → plain JSON, without the SDK (util-dynamodb's unmarshall does the same).
// Numbers become JS numbers: switch to strings if yours exceed 2^53.
export function fromAttributeValue(av) {
  const [type, value] = Object.entries(av)[0] ?? [];
  switch (type) {
    case "S":
    case "BOOL":
      return value;
    case "N":
      return Number(value);
    case "NULL":
      return null;
    case "B":
      return Buffer.from(value, "base64");
    case "SS":
      return [...value];
    case "NS":
      return value.map(Number);
    case "BS":
      return value.map((b) => Buffer.from(b, "base64"));
    case "L":
      return value.map(fromAttributeValue);
    case "M":
      return unmarshall(value);
    default:
      throw new Error(`unknown attribute type ${type}`);
  }
}

export function unmarshall(image = {}) {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, fromAttributeValue(v)]));
}
