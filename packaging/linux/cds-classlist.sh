#!/bin/sh
# Installer build (Linux): writes the list of classes the CLI's `snapshot --pid` loads, first call
# (probe load, text output) and repeated (probe already there, --json), for the CDS archive that
# postinst dumps at the install location. JDK 17 ties an archive to the jar's path and mtime, so the
# archive cannot be built here; the list of class names does not depend on where the app lives.
# Usage: cds-classlist.sh BUILD_JAVA APP_IMAGE OUT_FILE
set -e
java="$1"
image="$2"
out="$3"
work=$(mktemp -d)
target=
trap '[ -n "$target" ] && kill "$target" 2>/dev/null; rm -rf "$work"' EXIT

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
# One line per class: the JDK 17 dump crashes on a list with a lambda proxy listed twice.
awk '!seen[$0]++' "$work/first.lst" "$work/repeat.lst" > "$out"
