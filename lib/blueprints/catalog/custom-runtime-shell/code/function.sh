# Sourced by bootstrap. `handler` gets the event JSON as $1 and prints the response JSON.
handler() {
  event="$1"
  echo "request $REQUEST_ID: $(printf '%s' "$event" | wc -c) bytes" >&2
  printf '{"runtime":"provided.al2023 (POSIX sh)","requestId":"%s","eventBytes":%s,"kernel":"%s","event":%s}' \
    "$REQUEST_ID" "$(printf '%s' "$event" | wc -c | tr -d ' ')" "$(uname -s)" "${event:-null}"
}
