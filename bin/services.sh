# Sourced by bin/test: make the real services answer when they are installed but stopped.

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  if [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  fi
  echo "PostgreSQL is not available" >&2
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  if command -v redis-server >/dev/null; then
    echo "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return; sleep 0.5; done
  fi
  echo "Redis is not available" >&2
}

ensure_chromium() {
  # Debian's Chromium (Playwright drives it; its own browser download cannot work here)
  # and a CJK font so that screenshots show Chinese text.
  local missing=""
  [ -x /usr/bin/chromium ] || missing="chromium"
  fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing="$missing fonts-wqy-microhei"
  [ -z "$missing" ] && return
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing $missing"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "cannot install $missing (need root and apt-get)" >&2
  fi
}
