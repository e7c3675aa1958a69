# sysfs.sh - the live view (slab_sysfs=DIR) in real process trees under
# the preload (issue 13, defect 5): a shell that lists the view and then
# execs another program; "%p" giving each process of a tree its own view,
# through a pyenv-style wrapper script that execs; no view left mounted
# afterwards; a view that cannot mount does not stop the program.
. "$ZP_SRC/common.sh"
need bash env
[ -w /dev/fuse ] || skip "/dev/fuse is not usable here"
D="$ZP_WORK/view"
pre() { LD_PRELOAD="$ZP_LIB" "$@"; }

views() {    # zslab views mounted under $ZP_WORK
	grep -c " $ZP_WORK/.* - fuse.zslab " /proc/self/mountinfo || true
}

# can this machine mount at all?  (an existing directory: older zslabs
# needed one)
mkdir -p "$ZP_WORK/probe"
out=$(ZSLAB_CMDLINE="slab_sysfs=$ZP_WORK/probe" pre cat "$ZP_WORK/probe/sys/kernel/slab/kmalloc-64/object_size" 2>&1) || true
[ "$out" = 64 ] || skip "FUSE cannot mount here: $out"
[ "$(views)" = 0 ] || fail "a view outlived its shell"

# the issue's case: list the view, then exec (the view goes first)
ZSLAB_CMDLINE="slab_sysfs=$D" pre bash -c "ls $D >/dev/null; exec env true" ||
	fail "bash -c 'ls DIR; exec env true': status $?"
[ "$(views)" = 0 ] || fail "exec left a view mounted"
echo "exec: the view is unmounted first, the new image runs"

# %p: every process its own view, down an exec chain
out=$(ZSLAB_CMDLINE="slab_sysfs=$D-%p" pre bash -c \
	"cat $D-\$\$/sys/kernel/slab/kmalloc-32/object_size; exec env bash -c 'cat $D-\$\$/sys/kernel/slab/kmalloc-64/object_size; env true'" 2>&1) ||
	fail "%p chain: status $?: $out"
[ "$out" = "32
64" ] || fail "%p chain printed '$out'"
[ "$(views)" = 0 ] || fail "the %p chain left views mounted"
echo "%p: each process serves its own view across exec"

# a wrapper script that execs, as pyenv's shims do
cat >"$ZP_WORK/shim" <<EOS
#!/usr/bin/env bash
set -e
ls "$D-\$\$" >/dev/null
exec env "\$@"
EOS
chmod +x "$ZP_WORK/shim"
out=$(ZSLAB_CMDLINE="slab_sysfs=$D-%p" pre "$ZP_WORK/shim" sh -c 'echo ran' 2>&1) ||
	fail "wrapper script: status $?: $out"
[ "$out" = ran ] || fail "wrapper script printed '$out'"
echo "wrapper script: ran"

# a process killed with SIGKILL: its stale view is swept by the next one
ZSLAB_CMDLINE="slab_sysfs=$D-%p" pre bash -c 'kill -9 $$' 2>/dev/null || true
[ "$(views)" = 1 ] || fail "SIGKILL: expected one stale view, found $(views)"
ZSLAB_CMDLINE="slab_sysfs=$D-%p" pre bash -c true 2>/dev/null
[ "$(views)" = 0 ] || fail "the stale view was not swept"
echo "SIGKILL: the next view sweeps the stale one"

# a shared DIR: the first process serves it, the others run without
out=$(ZSLAB_CMDLINE="slab_sysfs=$D" pre bash -c "ls $D/sys/kernel/slab | grep -x kmalloc-8" 2>"$ZP_WORK/err") ||
	fail "shared DIR: status $?"
[ "$out" = kmalloc-8 ] || fail "shared DIR printed '$out'"
grep -q "serves its live view there" "$ZP_WORK/err" || fail "shared DIR: ls's refusal not reported"
[ "$(views)" = 0 ] || fail "shared DIR: views left"
echo "one DIR, many processes: one serves, the others say so and run"

# a view that cannot mount stops nothing
touch "$ZP_WORK/file"
out=$(ZSLAB_CMDLINE="slab_sysfs=$ZP_WORK/file" pre bash -c 'echo alive' 2>"$ZP_WORK/err") ||
	fail "unmountable view: status $?"
[ "$out" = alive ] || fail "unmountable view: printed '$out'"
grep -q "Not a directory" "$ZP_WORK/err" || fail "unmountable view: not reported"
echo "a view that cannot mount: reported, the program runs"
echo "PASS"
