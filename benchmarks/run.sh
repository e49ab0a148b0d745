#!/usr/bin/env bash
# The documented benchmark run behind docs/benchmarks.md: every benchmark at 1 000 tokens, then lookups at the
# larger sizes (is find flat as the store grows?), then the report. About 25 minutes on 2 cores.
# Needs the local MariaDB, PostgreSQL and Redis (or the TOKENSTORE_*_URL/URI variables); others are reported missing.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
out=benchmarks/results
mkdir -p "$out"
settings=(-f 1 -wi 1 -w 1s -i 3 -r 1s)
java -jar "$jar" -e UriBenchmark "${settings[@]}" -p size=1000 -rf json -rff "$out/size-1000.json" | tee "$out/size-1000.log"
java -jar "$jar" '(Memory|Sqlite|Jdbc|Redis|Mongo)Benchmark.(findByUserName|rawMapGet|rawPreparedSelect|rawHgetall|rawFindFirst)$' \
  "${settings[@]}" -p size=100000 \
  -rf json -rff "$out/size-100000.json" | tee "$out/size-100000.log"
java -jar "$jar" 'MemoryBenchmark.(findByUserName|rawMapGet)$' "${settings[@]}" -p size=1000000 \
  -rf json -rff "$out/size-1000000.json" | tee "$out/size-1000000.log"
java -jar "$jar" 'ListBenchmark.findByUserName$' "${settings[@]}" -p size=10000 \
  -rf json -rff "$out/list-10000.json" | tee "$out/list-10000.log"
java -Djava.awt.headless=true -cp "$jar" io.tokenstore.benchmarks.Report docs "$out"/*.json
