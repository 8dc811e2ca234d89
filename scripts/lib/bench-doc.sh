# Helpers shared by the parts of scripts/bench: where their results go.

# bench_doc_section BEGIN END SECTION [HEADING] : puts SECTION (which starts with the BEGIN line and
# ends with the END line) in place of the generated section of docs/benchmarks.md between those
# lines; appends it (under HEADING, when given) where the file has none yet.
bench_doc_section() {
  local begin=$1 end=$2 section=$3 heading=${4:-} doc="${BENCH_DOC:-$LIFELINE_HOME/docs/benchmarks.md}"
  if grep -qF "$end" "$doc"; then
    awk -v b="$begin" -v e="$end" -v s="$section" '
      index($0, b) == 1 { print s; skip = 1; next }
      index($0, e) == 1 { skip = 0; next }
      !skip { print }' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
  elif [ -n "$heading" ]; then
    printf '\n%s\n\n%s\n' "$heading" "$section" >> "$doc"
  else
    printf '\n%s\n' "$section" >> "$doc"
  fi
}

# bench_part_results KEY JSON : writes bench-results/KEY-latest.json and sets .KEY of bench-results/latest.json.
bench_part_results() {
  mkdir -p "$LIFELINE_HOME/bench-results"
  jq . <<<"$2" > "$LIFELINE_HOME/bench-results/$1-latest.json"
  bench_latest_put "$1" "$2"
}

# bench_latest_put KEY JSON : sets .KEY of bench-results/latest.json to JSON (creating the file).
bench_latest_put() {
  local key=$1 json=$2 latest="${BENCH_LATEST:-$LIFELINE_HOME/bench-results/latest.json}"
  mkdir -p "$(dirname "$latest")"
  if [ -s "$latest" ]; then
    jq --arg k "$key" --argjson s "$json" '.[$k] = $s' "$latest" > "$latest.tmp" && mv "$latest.tmp" "$latest"
  else
    jq -n --arg k "$key" --argjson s "$json" '{($k): $s}' > "$latest"
  fi
  echo "results: bench-results/latest.json (.$key)" >&2
}
