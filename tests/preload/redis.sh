# redis.sh - redis-server on zslab, loaded by redis-benchmark, then
# checked with redis-cli; the server, the benchmark and the client all
# run on zslab in the second run.  The commands' results are compared
# (benchmark timings are not).
. "$ZP_SRC/common.sh"
need redis-server redis-cli redis-benchmark
preload_active redis-server --version
work() {
	sock="$PWD/redis.sock"
	redis-server --port 0 --unixsocket "$sock" --save '' --appendonly no \
		--daemonize no --logfile "$PWD/redis.log" &
	server=$!
	trap 'kill "$server" 2>/dev/null' EXIT
	for _ in $(seq 1 100); do
		[ -S "$sock" ] && redis-cli -s "$sock" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	redis-benchmark -s "$sock" -q -n 20000 -c 8 -P 4 -d 200 \
		-t set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,lrange_100 >/dev/null
	redis-cli -s "$sock" dbsize
	for k in $(seq 1 500); do
		echo "SET key:$k $(printf 'v%0*d' $((k % 300 + 1)) "$k")"
		echo "RPUSH list:$((k % 7)) $k"
		echo "HSET hash:$((k % 11)) f$k $((k * k))"
	done | redis-cli -s "$sock" >/dev/null
	redis-cli -s "$sock" dbsize
	redis-cli -s "$sock" get key:77 | cksum
	redis-cli -s "$sock" lrange list:3 0 -1 | cksum
	redis-cli -s "$sock" hgetall hash:5 | sort | cksum
	redis-cli -s "$sock" shutdown nosave >/dev/null 2>&1 || true
	wait "$server"     # the server's own exit status: 0 unless it crashed
	trap - EXIT
}
run_both work
