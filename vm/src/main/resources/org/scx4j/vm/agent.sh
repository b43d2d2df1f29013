# scx4j guest agent (PID 1, in the guest's root). Reads one request a line from
# the virtio port org.scx4j.agent and answers there:
#   RUN id      runs /run/scx4j/ctl/id.sh with stdout/stderr to id.out/id.err
#               -> "PID id pid" at start, "EXIT id status" at the end
#   SIG pid SIG sends SIG to the process;  KILL pid  kills its process group
#   OFF         powers off
# Output goes to files in the control share, so it never mixes with the console.
BB=/run/scx4j/bin/busybox
C=/run/scx4j/ctl
port=
for p in /sys/class/virtio-ports/*; do
  [ "$($BB cat "$p/name" 2>/dev/null)" = org.scx4j.agent ] && port=/dev/${p##*/}
done
[ -n "$port" ] || { echo "scx4j-agent: no virtio port org.scx4j.agent" >/dev/console; $BB poweroff -f; }
exec 3<>"$port"
# A background job of a non-interactive shell starts with SIGINT and SIGQUIT
# ignored, which no shell can undo; coreutils env can, so commands see Ctrl-C.
# (Absolute paths: this busybox prefers its own applets to the root's tools.)
RESET=
/usr/bin/env --default-signal=INT,QUIT true 2>/dev/null && RESET="/usr/bin/env --default-signal=INT,QUIT --"
# Commands run under the root's own /bin/sh, which finds tools on PATH.
run() {
  $BB setsid /bin/sh "$C/$1.sh" $RESET </dev/null >"$C/$1.out" 2>"$C/$1.err" 3>&- &
  pid=$!
  echo "PID $1 $pid" >&3
  wait $pid
  echo "EXIT $1 $?" >&3
}
echo "READY $($BB uname -r)" >&3
while :; do
  while read -r verb a b <&3; do
    case $verb in
      RUN) run "$a" & ;;
      SIG) kill -"$b" "$a" ;;
      KILL) kill -KILL -"$a" "$a" ;;
      OFF) $BB sync; $BB poweroff -f ;;
    esac
  done
  # No reader on the host side yet (or it reconnects): try again shortly.
  $BB sleep 0.2
done
