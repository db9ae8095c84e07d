"""CSV text in the event (`csv`, optional `delimiter`) -> JSON records with typed values."""
import csv
import io
import os

DELIMITER = os.environ.get("DELIMITER", ",")


def _typed(value):
    text = value.strip()
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if text == "":
        return None
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def lambda_handler(event, context):
    text = event.get("csv")
    if not isinstance(text, str):
        raise ValueError("event.csv must be the CSV text")
    reader = csv.reader(io.StringIO(text), delimiter=event.get("delimiter", DELIMITER))
    columns = [c.strip() for c in next(reader, [])]
    records, errors = [], []
    for row in reader:
        if not row:
            continue
        if len(row) != len(columns):
            errors.append({"line": reader.line_num, "message": f"expected {len(columns)} fields, got {len(row)}"})
            continue
        records.append({col: _typed(val) for col, val in zip(columns, row)})
    return {"columns": columns, "count": len(records), "records": records, "errors": errors}
