# Sourced by the repository's scripts: sets JAVA to a JDK >= 25, or explains what to install and fails.
# Order: $ERC_JAVA_HOME, $JAVA_HOME, java on PATH, then /usr/lib/jvm/* and /opt/*/ (newest first).
erc_find_jdk() {
  local candidates=() d v
  [ -n "${ERC_JAVA_HOME:-}" ] && candidates+=("$ERC_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for d in $(ls -d /usr/lib/jvm/*/ /opt/*/ /opt/java/*/ 2>/dev/null | sort -rV); do candidates+=("${d%/}"); done
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      JAVA="$d/bin/java"
      JAVA_HOME_25="$d"
      return 0
    fi
  done
  echo "error: no JDK 25 or newer found (looked at \$ERC_JAVA_HOME, \$JAVA_HOME, PATH, /usr/lib/jvm, /opt); install one, e.g. Temurin 25 under /usr/lib/jvm, or point ERC_JAVA_HOME at it." >&2
  return 1
}
