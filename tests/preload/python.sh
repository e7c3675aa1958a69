# python.sh - CPython running workload.py on zslab: same output as on
# glibc's malloc.
. "$ZP_SRC/common.sh"
need python3
# the interpreter itself (python3 may be a wrapper script, e.g. pyenv's)
PY=$(python3 -c 'import sys; print(sys.executable)')
[ -x "$PY" ] || skip "cannot find the python3 executable"
preload_active "$PY" -c pass
work() { "$PY" "$ZP_SRC/workload.py"; }
run_both work
