#!/usr/bin/env bash
# Installs the Linux .deb, then the .rpm, the way a user would and checks each end to end:
#   build (./mvnw -Pinstaller package) -> dpkg -i -> installed `poolscope --version` ->
#   `poolscope demo` in the background -> `poolscope snapshot --pid <demo pid>` -> stop the demo ->
#   dpkg --purge -> nothing left in /opt/poolscope, /usr/bin, the menu or the icon theme;
#   then the same with rpm -i / rpm -e (skipped, with a sentence, where rpm is not installed).
# Prints the installer sizes. Needs root (dpkg, rpm); CI runs as root.
#
# Usage: .ci/installer-check.sh [--reuse]
#   --reuse  use target/installer/*.deb and *.rpm if they exist instead of building (saves ~2.5 min)
# Safe to rerun: a PoolScope package left by an earlier run is purged first, and every process
# this script starts is stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly APP_DIR=/opt/poolscope
readonly CMD=/usr/bin/poolscope
readonly DESKTOP_FILE=/usr/share/applications/poolscope-PoolScope.desktop
readonly DEMO_START_SECONDS=60
readonly SNAPSHOT_SECONDS=60
readonly DEMO_STOP_SECONDS=30

log() { printf 'installer-check: %s\n' "$*"; }
fail() { printf 'installer-check: FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i / dpkg --purge); CI runs as root"
command -v dpkg >/dev/null || fail "needs dpkg (Debian/Ubuntu)"

work=$(mktemp -d /tmp/poolscope-installer-check.XXXXXX)
demo_pgid=""
installed_here=""   # deb or rpm while this script has a package installed
# rpm on Debian keeps its database in ~/.rpmdb and knows none of the system's packages (so the
# .rpm's Requires cannot be met: --nodeps). A private database in the work dir leaves nothing of
# this check on the machine and cannot clash with another rpm user.
rpm_db="$work/rpmdb"
rpm_cmd=(rpm --dbpath "$rpm_db")

# Stop the demo's whole process group (the demo starts a service JVM and PostgreSQL under it):
# TERM first so PostgreSQL shuts down cleanly, KILL if it is still there after DEMO_STOP_SECONDS.
stop_demo() {
  [ -n "$demo_pgid" ] || return 0
  if kill -0 -- "-$demo_pgid" 2>/dev/null; then
    kill -TERM -- "-$demo_pgid" 2>/dev/null || true
    for _ in $(seq 1 "$DEMO_STOP_SECONDS"); do
      kill -0 -- "-$demo_pgid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 -- "-$demo_pgid" 2>/dev/null; then
      log "demo did not stop within ${DEMO_STOP_SECONDS}s after TERM; killing it"
      kill -KILL -- "-$demo_pgid" 2>/dev/null || true
      sleep 1
    fi
  fi
  demo_pgid=""
}
cleanup() {
  local rc=$?
  # Finish cleaning up even if stdout is gone (`| head`) or a second signal comes.
  set +e
  trap '' PIPE INT TERM HUP
  stop_demo
  # After a failure, do not leave the package installed for the next job on this machine.
  if [ "$installed_here" = deb ] && dpkg-query -W poolscope >/dev/null 2>&1; then
    log "purging poolscope after the failure"
    dpkg --purge poolscope >/dev/null 2>&1 || true
  fi
  if [ "$installed_here" = rpm ] && "${rpm_cmd[@]}" -q poolscope >/dev/null 2>&1; then
    log "erasing the poolscope rpm after the failure"
    "${rpm_cmd[@]}" -e poolscope >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
# Dying from a signal skips the EXIT trap; turn the usual ones (Ctrl-C, CI cancel, a closed pipe
# such as `| head`) into an exit so that cleanup still stops the demo and purges the package.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# --- 1. build (or reuse) -------------------------------------------------------------------------
deb=$(ls target/installer/poolscope_*.deb 2>/dev/null | head -n 1 || true)
rpm_file=$(ls target/installer/poolscope-*.rpm 2>/dev/null | head -n 1 || true)
if [ "${1:-}" = "--reuse" ] && [ -n "$deb" ] && { [ -n "$rpm_file" ] || ! command -v rpmbuild >/dev/null; }; then
  log "reusing $deb"
else
  log "building: ./mvnw -B -q -Pinstaller package -DskipTests"
  build_start=$(date +%s)
  ./mvnw -B -q -Pinstaller package -DskipTests
  log "installer build took $(( $(date +%s) - build_start )) s"
  deb=$(ls target/installer/poolscope_*.deb 2>/dev/null | head -n 1 || true)
  rpm_file=$(ls target/installer/poolscope-*.rpm 2>/dev/null | head -n 1 || true)
fi
[ -n "$deb" ] && [ -f "$deb" ] || fail "no .deb in target/installer"
version=$(dpkg-deb -f "$deb" Version)
app_version=${version%-*}

log "sizes:"
for f in target/installer/*.deb target/installer/*.rpm; do
  [ -f "$f" ] && printf '  %-48s %6s MB\n' "$(basename "$f")" "$(( ($(stat -c %s "$f") + 524288) / 1048576 ))"
done
[ -d target/installer/image ] && printf '  %-48s %6s MB\n' "app image (target/installer/image)" "$(du -sm target/installer/image | cut -f1)"
printf '  %-48s %6s MB\n' "installed (.deb Installed-Size)" "$(( $(dpkg-deb -f "$deb" Installed-Size) / 1024 ))"

# What the .rpm says before it is installed (section 6 installs it).
if [ -n "$rpm_file" ] && command -v rpm >/dev/null; then
  # Read rpm's output whole: with pipefail, `rpm ... | grep -q` fails when grep stops reading early.
  rpm_scripts=$(rpm -qp --scripts "$rpm_file" 2>/dev/null)
  rpm_files=$(rpm -qlp "$rpm_file" 2>/dev/null)
  grep -q 'ln -sf /opt/poolscope/lib/poolscope-cli /usr/bin/poolscope' <<<"$rpm_scripts" \
    || fail "$rpm_file: %post does not install the poolscope command"
  if grep -qx '/opt\|/usr\|/usr/bin' <<<"$rpm_files"; then
    fail "$rpm_file claims a system directory (/opt, /usr or /usr/bin)"
  fi
  grep -qx '/opt/poolscope/lib/app/poolscope-probe.jar' <<<"$rpm_files" || fail "$rpm_file has no probe jar"
  log "rpm contents and scriptlets look right ($(basename "$rpm_file"))"
fi

# --- 2. install ----------------------------------------------------------------------------------
case "$(dpkg-query -W -f='${Status}' poolscope 2>/dev/null || true)" in
  "" | *" not-installed") ;;
  *) log "purging a poolscope package left by an earlier run"
     dpkg --purge poolscope >/dev/null ;;
esac

# The .rpm is installed with a private database that goes with the work dir (section 6): if an earlier
# run was killed while it was installed, nothing records its files any more. Remove what that
# package's %preun would (the app dir, the command link into it, menu entry and icons).
if [ -e "$APP_DIR" ] && ! dpkg-query -W poolscope >/dev/null 2>&1; then
  log "removing $APP_DIR and its links, left unowned by an earlier run (an rpm install it could not erase)"
  case "$(readlink "$CMD" 2>/dev/null)" in "$APP_DIR/bin/PoolScope"|"$APP_DIR/lib/poolscope-cli") rm -f "$CMD" ;; esac
  rm -rf "$APP_DIR" "$DESKTOP_FILE" /usr/share/icons/hicolor/*/apps/poolscope.png
fi

# dpkg does not fetch dependencies: install the missing ones with apt-get first, so dpkg -i succeeds.
missing=()
while read -r dep; do
  [ -n "$dep" ] || continue
  [ "$(dpkg-query -W -f='${Status}' "$dep" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$dep")
done < <(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/[[:space:]]//g')
if ((${#missing[@]})); then
  log "installing dependencies: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# The installed files and the menu/command links the package's scripts made (the same for both).
check_installed() {
  local kind=$1
  [ -x "$APP_DIR/bin/PoolScope" ] || fail "$kind: $APP_DIR/bin/PoolScope missing"
  [ -x "$APP_DIR/lib/runtime/bin/java" ] || fail "$kind: the bundled runtime has no bin/java (the demo and lab need it)"
  [ -f "$APP_DIR/lib/app/poolscope-probe.jar" ] || fail "$kind: probe jar missing from $APP_DIR/lib/app"
  [ -f "$APP_DIR/lib/app/poolscope-cli.jsa" ] || fail "$kind: the install script did not dump the CLI's CDS archive"
  [ -L "$CMD" ] || fail "$kind: $CMD is not installed"
  [ "$(command -v poolscope)" = "$CMD" ] || fail "$kind: poolscope on PATH is $(command -v poolscope || echo nothing), not $CMD"
  [ -f "$DESKTOP_FILE" ] || fail "$kind: desktop entry $DESKTOP_FILE missing"
  [ -f /usr/share/icons/hicolor/256x256/apps/poolscope.png ] || fail "$kind: hicolor icon missing"
}

# The installed app runs as an ordinary desktop user would: unprivileged (PostgreSQL's initdb refuses
# to run as root, so the demo cannot), with a fresh HOME and temp dir in the work dir per package,
# so that its settings, logs and the unpacked PostgreSQL go away with it.
command -v setpriv >/dev/null || fail "needs setpriv (util-linux) to run the app as an unprivileged user"
run_user=nobody
run_uid=$(id -u "$run_user")
run_gid=$(id -g "$run_user")
chmod 755 "$work"
as_user=()
as_user_tmp=()
prepare_user() {
  local user_home="$work/home-$1"
  install -d -o "$run_uid" -g "$run_gid" -m 700 "$user_home" "$user_home/tmp"
  # env -i: nothing of root's environment (or of CI's) reaches the app.
  as_user=(setpriv --reuid="$run_uid" --regid="$run_gid" --clear-groups -- env -i PATH="$PATH" HOME="$user_home" LANG=C.UTF-8)
  # The demo's JVMs unpack PostgreSQL into java.io.tmpdir; keep that in the work dir too.
  as_user_tmp=("${as_user[@]}" JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$user_home/tmp")
}

# --version, the window's JavaFX start and a snapshot of the demo, run from the installed command.
smoke_checks() {
  local kind=$1 out gui_out demo_log demo_pid snap_rc snapshot where
  prepare_user "$kind"

  # --- the installed command
  out=$(timeout 60 "${as_user[@]}" poolscope --version 2>&1) || fail "$kind: poolscope --version exited with $?: $out"
  printf '%s\n' "$out" | sed 's/^/  /'
  grep -q "PoolScope $app_version" <<<"$out" || fail "$kind: poolscope --version does not say PoolScope $app_version"

  # Without any display the window says so in words and exits 2, before starting JavaFX.
  gui_out=$(timeout 60 "${as_user[@]}" poolscope gui 2>&1) && fail "$kind: poolscope gui without a display exited 0: $gui_out"
  grep -q "needs a display" <<<"$gui_out" || fail "$kind: poolscope gui without a display did not say so: $gui_out"
  # The installed window starts JavaFX as named modules from lib/app/javafx (GuiLauncher): with a
  # display that does not exist it gets past JavaFX's configuration check, names its modules in the trace and exits.
  gui_out=$(timeout 60 "${as_user[@]}" DISPLAY=:59999 poolscope gui 2>&1) && fail "$kind: poolscope gui without a display exited 0: $gui_out"
  grep -q "Unable to open DISPLAY" <<<"$gui_out" || fail "$kind: poolscope gui did not reach JavaFX's display: $gui_out"
  grep -q "javafx.graphics@" <<<"$gui_out" || fail "$kind: poolscope gui did not load JavaFX as modules: $gui_out"
  ! grep -q "Unsupported JavaFX configuration" <<<"$gui_out" || fail "$kind: poolscope gui warns: $gui_out"
  log "$kind: the installed window starts JavaFX as modules"

  # --- snapshot of the demo target
  demo_log="$work/demo-$kind.log"
  log "$kind: starting poolscope demo"
  setsid "${as_user_tmp[@]}" poolscope demo >"$demo_log" 2>&1 < /dev/null &
  demo_pgid=$!
  demo_pid=""
  for _ in $(seq 1 "$DEMO_START_SECONDS"); do
    demo_pid=$(sed -n -E 's/.*[Pp]id: *([0-9]+).*/\1/p' "$demo_log" | head -n 1)
    [ -n "$demo_pid" ] && break
    kill -0 "$demo_pgid" 2>/dev/null || { sed 's/^/  demo: /' "$demo_log"; fail "$kind: poolscope demo exited before printing its pid"; }
    sleep 1
  done
  if [ -z "$demo_pid" ]; then
    sed 's/^/  demo: /' "$demo_log"
    fail "$kind: poolscope demo printed no 'pid: <n>' line within ${DEMO_START_SECONDS}s"
  fi
  sed 's/^/  demo: /' "$demo_log"
  log "$kind: snapshot of pid $demo_pid"
  snap_rc=0
  snapshot=$(timeout "$SNAPSHOT_SECONDS" "${as_user_tmp[@]}" poolscope snapshot --pid "$demo_pid" 2>&1) || snap_rc=$?
  printf '%s\n' "$snapshot" | sed 's/^/  /'
  [ "$snap_rc" = 0 ] || fail "$kind: poolscope snapshot --pid $demo_pid exited with $snap_rc"
  # The launcher passes -Dpoolscope.probe.jar=$APPDIR/poolscope-probe.jar; if the installed layout
  # broke that, the snapshot says the jar "was not found". (Whether the probe then initialises in the
  # target is the probe's business, covered by its own tests.)
  if grep -qi "probe.*not found\|not found.*probe" <<<"$snapshot"; then
    fail "$kind: the installed app did not find its probe jar"
  fi
  stop_demo
  # Nothing may still run from the installed runtime, nor the PostgreSQL unpacked into the work dir.
  for where in "$APP_DIR/" "$work/"; do
    if pgrep -f "$where" >/dev/null; then
      pgrep -af "$where" | sed 's/^/  left running: /'
      fail "$kind: processes from $where still running after the demo was stopped"
    fi
  done
}

# After removal: no app dir, command link, menu entry or icon. $2 names the package manager's own
# record of the package, if it still has one.
check_nothing_left() {
  local how=$1 still_known=$2 f
  local left=()
  [ -e "$APP_DIR" ] && left+=("$APP_DIR")
  { [ -e "$CMD" ] || [ -L "$CMD" ]; } && left+=("$CMD")
  for f in /usr/share/applications/*oolscope* /usr/share/icons/hicolor/*/apps/*oolscope* \
           /usr/local/share/applications/*oolscope*; do
    [ -e "$f" ] && left+=("$f")
  done
  [ -n "$still_known" ] && left+=("$still_known")
  ((${#left[@]} == 0)) || fail "left behind after $how: ${left[*]}"
  return 0
}

log "dpkg -i $deb"
installed_here=deb
dpkg -i "$deb" >/dev/null
check_installed deb
smoke_checks deb

# --- 5. remove and check nothing is left ---------------------------------------------------------
log "dpkg --purge poolscope"
dpkg --purge poolscope >/dev/null
installed_here=""
check_nothing_left "dpkg --purge" "$(dpkg-query -W poolscope >/dev/null 2>&1 && echo "dpkg still knows the package")"
log "deb: OK: installed, ran --version, the window's JavaFX start and snapshot, purged cleanly"

# --- 6. the .rpm, installed for real after the .deb is gone ----------------------------------------
if [ -z "$rpm_file" ]; then
  log "rpm: NOT CHECKED: no .rpm in target/installer (the build makes one only where rpmbuild is installed)"
  exit 0
fi
command -v rpm >/dev/null || { log "rpm: NOT CHECKED: the rpm command is not installed here"; exit 0; }
rpm_version=$(rpm -qp --qf '%{VERSION}' "$rpm_file" 2>/dev/null)
[ "$rpm_version" = "$app_version" ] || fail "$rpm_file is version $rpm_version, the .deb $app_version"
"${rpm_cmd[@]}" --initdb
log "rpm -i --nodeps $(basename "$rpm_file") (private database $rpm_db; Debian's rpm knows none of its Requires)"
installed_here=rpm
rpm_out=$("${rpm_cmd[@]}" -i --nodeps "$rpm_file" 2>&1) || fail "rpm -i exited with $?: $rpm_out"
[ -z "$rpm_out" ] || printf '%s\n' "$rpm_out" | sed 's/^/  rpm: /'
"${rpm_cmd[@]}" -q poolscope >/dev/null || fail "rpm -q does not know poolscope after rpm -i"
# Every file the package lists is on disk as packaged (size, digest, mode).
rpm_verify=$("${rpm_cmd[@]}" -V --nodeps poolscope 2>&1) || fail "rpm -V poolscope: $rpm_verify"
check_installed rpm
smoke_checks rpm

log "rpm -e poolscope"
rpm_out=$("${rpm_cmd[@]}" -e poolscope 2>&1) || fail "rpm -e exited with $?: $rpm_out"
[ -z "$rpm_out" ] || printf '%s\n' "$rpm_out" | sed 's/^/  rpm: /'
installed_here=""
check_nothing_left "rpm -e" "$("${rpm_cmd[@]}" -q poolscope >/dev/null 2>&1 && echo "rpm still knows the package")"
log "rpm: OK: installed, ran --version, the window's JavaFX start and snapshot, erased cleanly"
