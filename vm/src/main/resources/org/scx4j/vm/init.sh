#!/bin/busybox sh
# scx4j guest init: loads the 9p and overlay modules, builds the root (the host's
# / read-only under a tmpfs overlay, the shares writable), mounts what sched_ext
# work needs, then runs the command agent or an interactive shell in that root.
BB=/bin/busybox
fail() { echo "scx4j-init: $*" >/dev/console; $BB sleep 1; $BB poweroff -f; }
$BB mkdir -p /proc /sys /dev /ctl /lower /rw /newroot
$BB mount -t proc proc /proc
$BB mount -t sysfs sysfs /sys
$BB mount -t devtmpfs devtmpfs /dev
for m in $($BB cat /etc/scx4j/modules); do
  $BB insmod /lib/modules/$m.ko || fail "cannot load module $m"
done
NINEP=trans=virtio,version=9p2000.L,msize=512000
$BB mount -t 9p -o $NINEP,cache=none scx4j.ctl /ctl || fail "cannot mount the control share"
. /ctl/boot.env
$BB mount -t 9p -o $NINEP,cache=loose,ro scx4j.root /lower || fail "cannot mount the host root"
$BB mount -t tmpfs -o mode=0755 tmpfs /rw
$BB mkdir -p /rw/upper /rw/work
$BB mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot || fail "cannot mount the overlay"
R=/newroot
$BB mount -t proc proc $R/proc
$BB mount -t sysfs sysfs $R/sys
$BB mount -t devtmpfs devtmpfs $R/dev
$BB mkdir -p $R/dev/pts $R/dev/shm
# What programs expect of /dev beside devtmpfs (bash's process substitution uses /dev/fd).
$BB ln -sfn /proc/self/fd $R/dev/fd
$BB ln -sfn /proc/self/fd/0 $R/dev/stdin
$BB ln -sfn /proc/self/fd/1 $R/dev/stdout
$BB ln -sfn /proc/self/fd/2 $R/dev/stderr
$BB mount -t devpts -o ptmxmode=0666 devpts $R/dev/pts
$BB mount -t tmpfs tmpfs $R/dev/shm
$BB mount -t tmpfs -o mode=0755 tmpfs $R/run
$BB mount -t tmpfs -o mode=1777 tmpfs $R/tmp
$BB mount -t bpf bpf $R/sys/fs/bpf
$BB mount -t tracefs tracefs $R/sys/kernel/tracing
$BB mount -t debugfs debugfs $R/sys/kernel/debug
$BB mount -t cgroup2 cgroup2 $R/sys/fs/cgroup
# Child cgroups get the controllers a systemd host gives them (cpu.weight for the cgroup schedulers).
for c in cpu cpuset io memory pids; do echo "+$c" > $R/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; done
echo "$SCX4J_SHARES" | while read -r tag dir; do
  [ -n "$tag" ] || continue
  $BB mkdir -p "$R$dir"
  $BB mount -t 9p -o $NINEP,cache=mmap "$tag" "$R$dir" || fail "cannot mount share $dir"
done
$BB mkdir -p $R/run/scx4j/bin $R/run/scx4j/ctl
$BB cp $BB /etc/scx4j/agent.sh $R/run/scx4j/bin/
$BB mount --move /ctl $R/run/scx4j/ctl
# The kernel's build configuration where libbpf looks for it (BPF programs that read
# CONFIG_* values through __kconfig, such as the kernel's own scx_central, need it).
$BB mkdir -p $R/boot
$BB cp /etc/scx4j/kconfig $R/boot/config-$($BB uname -r)
$BB hostname scx4j-vm
echo scx4j-vm > $R/etc/hostname
echo "127.0.1.1 scx4j-vm" >> $R/etc/hosts
# SCX4J_GUEST tells the project's scripts that the host set everything up and built the jar.
export PATH=${SCX4J_BIN:+$SCX4J_BIN:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  TERM="$SCX4J_TERM" SCX4J_GUEST=1
if [ "$SCX4J_MODE" = shell ]; then
  [ -n "$SCX4J_STTY" ] && $BB stty -F /dev/ttyS0 $SCX4J_STTY
  cd $R
  exec $BB chroot $R /run/scx4j/bin/busybox sh -c '
    cd "$0" 2>/dev/null || cd /
    sh=/bin/bash; [ -x $sh ] || sh=/bin/sh
    /run/scx4j/bin/busybox setsid /run/scx4j/bin/busybox cttyhack $sh -i
    /run/scx4j/bin/busybox poweroff -f' "$SCX4J_CWD"
fi
exec $BB chroot $R /run/scx4j/bin/busybox sh /run/scx4j/bin/agent.sh
