#!/usr/bin/env bash
# Times PromQlBenchmarks' queries against a real Prometheus on the same data (1000 counters × 6 h at 15 s).
# Usage: promql-peer.sh [workdir]   (needs prometheus and promtool on PATH; uses port 19191)
set -euo pipefail
dir=${1:-/tmp/nines-promql-peer}
mkdir -p "$dir"
python3 - "$dir/data.om" <<'PY'
import sys
T0 = 1700000000
with open(sys.argv[1], "w") as f:
    f.write("# TYPE http_requests counter\n")
    for i in range(1000):
        lab = '{job="job-%d",instance="inst-%d"}' % (i % 10, i)
        inc = 1 + i % 7
        for s in range(1440):
            f.write("http_requests_total%s %d %d\n" % (lab, s * inc, T0 + s * 15))
    f.write("# EOF\n")
PY
rm -rf "$dir/tsdb"
promtool tsdb create-blocks-from openmetrics "$dir/data.om" "$dir/tsdb" >/dev/null
prometheus --storage.tsdb.path="$dir/tsdb" --web.listen-address=127.0.0.1:19191 --config.file=/dev/null --storage.tsdb.retention.time=100y >"$dir/prom.log" 2>&1 &
pid=$!
trap 'kill $pid' EXIT
sleep 5
end=$((1700000000 + 1439 * 15))
time_query() { # kind query
  local path=query_range args=(--data-urlencode start=1700000000 --data-urlencode end=$end --data-urlencode step=60)
  if [ "$1" = instant ]; then path=query; args=(--data-urlencode time=$end); fi
  for _ in 1 2 3; do curl -s -o /dev/null --get "127.0.0.1:19191/api/v1/$path" --data-urlencode "query=$2" "${args[@]}"; done
  local best=999
  for _ in 1 2 3 4 5; do
    t=$(curl -s -o /dev/null -w '%{time_total}' --get "127.0.0.1:19191/api/v1/$path" --data-urlencode "query=$2" "${args[@]}")
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$1 $2: best of 5 = ${best}s"
}
time_query range 'sum by (job) (rate(http_requests_total[5m]))'
time_query range 'http_requests_total{instance=~"inst-1.."}'
time_query instant 'topk(5, rate(http_requests_total[5m]))'
time_query instant 'sum by (job) (rate(http_requests_total[5m]))'
