#!/bin/sh
# Installer build (Linux): writes the list of classes the CLI's `snapshot --pid` loads, first call
# (probe load, text output) and repeated (probe already there, --json), and with `--db-user` asking
# a real PostgreSQL (the demo's embedded one): pgjdbc's ~200 classes were most of what --db-user
# added to a fresh CLI (docs/benchmarks.md, SnapshotTruthCostBench). For the CDS archive that
# postinst dumps at the install location. JDK 17 ties an archive to the jar's path and mtime, so the
# archive cannot be built here; the list of class names does not depend on where the app lives.
# Usage: cds-classlist.sh BUILD_JAVA APP_IMAGE OUT_FILE
set -e
java="$1"
image="$2"
out="$3"
work=$(mktemp -d)
target=
demo=
group=
# Stops the demo's whole process group: the demo, its service JVM and PostgreSQL. The group is read
# off the service JVM (setsid may fork, so $! need not be the group's leader), else taken as $!.
stop_demo() {
    [ -n "$demo" ] || return 0
    [ -n "$group" ] || group=$demo
    kill -TERM -- "-$group" 2>/dev/null || kill -TERM "$demo" 2>/dev/null || true
    n=0
    while kill -0 -- "-$group" 2>/dev/null && [ "$n" -lt 200 ]; do n=$((n + 1)); sleep 0.1; done
    kill -KILL -- "-$group" 2>/dev/null || true
    demo=
    group=
}
trap 'stop_demo; [ -n "$target" ] && kill "$target" 2>/dev/null; rm -rf "$work"' EXIT

# The JVM to snapshot: idles until its stdin closes (at the latest when the sleep ends).
sleep 120 | "$java" "$(dirname "$0")/CdsTrainingTarget.java" > "$work/ready" &
target=$!
tries=0
until [ -s "$work/ready" ]; do
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || { echo "cds-classlist: the training JVM did not start" >&2; exit 1; }
    sleep 0.1
done
sleep 2.2 # PoolScope does not attach to a JVM younger than 2 s (JvmConnector.MIN_UPTIME)

JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/first.lst" "$image/bin/PoolScope" snapshot --pid "$target" --yes > /dev/null 2>&1
JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/repeat.lst" "$image/bin/PoolScope" snapshot --pid "$target" --yes --json > /dev/null 2>&1

# The server question: the demo (its own process group, stopped as a whole) and --db-user against its
# pool's PostgreSQL. PostgreSQL's initdb refuses to run as root, so as root both run as nobody (setpriv,
# as .ci/installer-check.sh does), with HOME and java.io.tmpdir in the work dir. Without it (no demo
# within 90 s) the list lacks pgjdbc, and says so; the build goes on.
: > "$work/server.lst"
as_user=
tmp_option=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    install -d -o nobody -m 700 "$work/home" "$work/home/tmp"
    chmod 755 "$work"
    chown nobody "$work/server.lst"
    tmp_option="-Djava.io.tmpdir=$work/home/tmp"
    as_user="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups -- env -i PATH=$PATH HOME=$work/home LANG=C.UTF-8 JAVA_TOOL_OPTIONS=$tmp_option"
fi
setsid $as_user "$image/bin/PoolScope" demo > "$work/demo.log" 2>&1 < /dev/null &
demo=$!
tries=0
until grep -q '^Demo service pid: ' "$work/demo.log" 2>/dev/null || [ "$tries" -gt 900 ]; do
    tries=$((tries + 1))
    sleep 0.1
done
service=$(sed -n 's/^Demo service pid: //p' "$work/demo.log" | head -n 1)
if [ -n "$service" ]; then
    group=$(ps -o pgid= -p "$service" 2>/dev/null | tr -d ' ')
    sleep 2.2
    $as_user env "JAVA_TOOL_OPTIONS=$tmp_option -XX:DumpLoadedClassList=$work/server.lst" \
        "$image/bin/PoolScope" snapshot --pid "$service" --yes --db-user postgres > "$work/server.out" 2>&1 || true
fi
stop_demo
if grep -q '^org/postgresql/Driver$' "$work/server.lst"; then
    echo "cds-classlist: trained --db-user against the demo's PostgreSQL"
else
    echo "cds-classlist: --db-user not trained (no demo or no answer); the archive lacks pgjdbc's classes" >&2
fi

# One line per class: the JDK 17 dump crashes on a list with a lambda proxy listed twice.
awk '!seen[$0]++' "$work/first.lst" "$work/repeat.lst" "$work/server.lst" > "$out"
