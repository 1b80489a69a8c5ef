#!/bin/sh
# Seeds each fuzz target's corpus (fuzz/corpus/<target>, where `cargo fuzz run` looks)
# from the saved responses in tests/fixtures and the embedded status table.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
fixtures="$fuzz/../tests/fixtures"
corpus="$fuzz/corpus"
for target in http curl_verbose har table_markdown table_json error_body rate_limit openapi http_file; do
    mkdir -p "$corpus/$target"
done
for f in "$fixtures"/*.http; do
    name=$(basename "$f")
    cp "$f" "$corpus/http/$name"
    # The same response as curl -v shows it.
    sed 's/^/< /' "$f" > "$corpus/curl_verbose/$name"
    # Its headers alone, and its body behind a content-type byte (0: none, 1: JSON).
    awk '/^\r?$/ { exit } { print }' "$f" > "$corpus/rate_limit/$name"
    { printf '\001'; awk 'body { print } /^\r?$/ { body = 1 }' "$f"; } > "$corpus/error_body/$name"
done
cp "$fixtures"/*.txt "$corpus/curl_verbose/"
cp "$fixtures"/run/*.http "$corpus/http_file/"
cp "$fixtures"/*.har "$corpus/har/"
cp "$fuzz/../src/docs/documented.md" "$corpus/table_markdown/"
cat > "$corpus/table_json/array.json" <<'JSON'
[{"code": 200, "text": "OK", "description": "Success!"},
 {"code": 420, "text": "Enhance Your Calm", "description": "Rate limited"},
 {"status": "503", "name": "Unavailable"}]
JSON
cat > "$corpus/table_json/keyed.json" <<'JSON'
{"404": "Not Found", "429": {"text": "Too Many Requests", "meaning": "Slow down"}}
JSON
for f in "$fixtures"/openapi/*.json; do
    { printf '\000'; cat "$f"; } > "$corpus/openapi/$(basename "$f")"
done
for f in "$fixtures"/openapi/*.yaml; do
    { printf '\001'; cat "$f"; } > "$corpus/openapi/$(basename "$f")"
done
echo "seeded $(find "$corpus" -type f | wc -l) files under $corpus"
