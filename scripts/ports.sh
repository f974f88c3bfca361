# Free TCP ports on 127.0.0.1, sourced by mariadb.sh, cluster.sh and bench/lib.sh.

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port nothing listens on, below the kernel's ephemeral range, so that it is
# not some outgoing connection's local port (which would make the bind fail).
# Ports named after the first argument ("taken") are skipped too.
free_port() {
  local low high port taken=" ${1:-} "
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  for port in $(shuf -i 10000-$((low - 1)) -n 50); do
    [[ "$taken" == *" $port "* ]] && continue
    port_free "$port" && { echo "$port"; return; }
  done
  echo "no free port found" >&2; return 1
}
