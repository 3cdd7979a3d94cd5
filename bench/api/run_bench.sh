#!/usr/bin/env bash
# REST API throughput under wrk on loopback: token validation (GET /v3/auth/tokens), GET /servers
# and GET /servers/detail with 1,000 servers (with addresses) and POST /servers, each for DURATION
# seconds with CONNECTIONS connections on 2 wrk threads; prints requests/s and p50/p99 latency,
# and the machine load next to them.
#   bench/api/run_bench.sh [STACKSIM_BIN]   (default: build/apps/stacksim; env DURATION, CONNECTIONS)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-${STACKSIM_BIN:-$root/build/apps/stacksim}}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
tmp=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# 16 compute hosts: room for the 1,000 servers at Nova's default allocation ratios.
cat >"$tmp/scenario.json" <<'JSON'
{"name": "api-bench", "seed": 3,
 "datacenter": {"host_classes": [
   {"name": "controller", "role": "controller", "hostnames": ["controller"], "vcpus": 8,
    "memory_mb": 16384},
   {"name": "compute", "count": 16, "vcpus": 16, "memory_mb": 65536, "disk_gb": 2000}]}}
JSON
# A fast clock: servers reach ACTIVE within a wall second.
"$bin" serve "$tmp/scenario.json" --port 0 --speed 1000 --admin-password bench-admin \
  --workers 8 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/serve.out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$tmp/serve.out")
[[ -n "$url" ]] || { cat "$tmp/serve.err" >&2; exit 1; }

json() { curl -sf -H "Content-Type: application/json" -H "X-Auth-Token: ${token:-}" "$@"; }
token=$(curl -sf -D - -o "$tmp/token.json" -H "Content-Type: application/json" \
  -d '{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
       "domain": {"id": "default"}, "password": "bench-admin"}}},
       "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}' \
  "$url/v3/auth/tokens" | sed -n 's/^X-Subject-Token: \([0-9a-f]*\).*/\1/ip')
project=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"]["project"]["id"])' \
  "$tmp/token.json")
json -X PUT -d '{"quota_set": {"instances": -1, "cores": -1, "ram": -1}}' \
  "$url/compute/v2.1/os-quota-sets/$project" >/dev/null
json -d '{"flavor": {"name": "m1.nano", "id": "0", "ram": 64, "vcpus": 1, "disk": 1}}' \
  "$url/compute/v2.1/flavors" >/dev/null
image=$(json -d '{"name": "cirros", "disk_format": "qcow2", "container_format": "bare",
                  "visibility": "public"}' "$url/image/v2/images" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
head -c 4096 /dev/zero | curl -sf -X PUT -H "X-Auth-Token: $token" \
  -H "Content-Type: application/octet-stream" --data-binary @- "$url/image/v2/images/$image/file"
# A network with room for every port the benchmark creates.
network=$(json -d '{"network": {"name": "bench"}}' "$url/networking/v2.0/networks" |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["network"]["id"])')
json -d "{\"subnet\": {\"network_id\": \"$network\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/12\"}}" \
  "$url/networking/v2.0/subnets" >/dev/null
for batch in $(seq 10); do
  json -d "{\"server\": {\"name\": \"bench-$batch\", \"flavorRef\": \"0\", \"imageRef\": \"$image\",
            \"networks\": [{\"uuid\": \"$network\"}], \"min_count\": 100, \"max_count\": 100}}" \
    "$url/compute/v2.1/servers" >/dev/null
done
for _ in $(seq 200); do
  active=$(json "$url/compute/v2.1/servers/detail?status=ACTIVE" |
           python3 -c 'import json,sys; print(len(json.load(sys.stdin)["servers"]))')
  [[ "$active" == 1000 ]] && break
  sleep 0.2
done
echo "servers ACTIVE: $active"

cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Auth-Token"] = "$token"
wrk.body = '{"server": {"name": "wrk", "flavorRef": "0", "imageRef": "$image", "networks": [{"uuid": "$network"}]}}'
LUA
run() {  # name, wrk arguments...
  local name=$1
  shift
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" >"$tmp/wrk.out"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
  errors=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.out")
  printf '%-36s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" \
    "${errors:-0}"
}
run "token validation (GET /v3/auth/tokens)" -H "X-Auth-Token: $token" \
  -H "X-Subject-Token: $token" "$url/v3/auth/tokens"
run "GET /servers (1,000 servers)" -H "X-Auth-Token: $token" "$url/compute/v2.1/servers"
run "GET /servers/detail (1,000 servers)" -H "X-Auth-Token: $token" \
  "$url/compute/v2.1/servers/detail"
run "POST /servers" -s "$tmp/post.lua" "$url/compute/v2.1/servers"
echo "load: $(uptime | sed 's/.*load average: //') on $(nproc) cores"
