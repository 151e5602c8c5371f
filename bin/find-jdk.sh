# Sourced by ./mvnw, ./erc and bench/*.sh: erc_find_jdk sets JAVA (and JAVA_HOME_25) to a JDK >= 25, or says in
# one sentence what to install and returns 1. It looks where Maven's toolchains plugin looks: $ERC_JAVA_HOME,
# $JAVA_HOME, $JAVA*_HOME, java on PATH, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks (newest first).
erc_find_jdk() {
  local candidates=() d v
  [ -n "${ERC_JAVA_HOME:-}" ] && candidates+=("$ERC_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for v in $(compgen -e | grep -E '^JAVA[0-9_]*_HOME$' || true); do candidates+=("${!v}"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for d in $(ls -d /usr/lib/jvm/*/ /opt/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/ "$HOME"/.jdks/*/ \
      2>/dev/null | sort -rV); do candidates+=("${d%/}"); done
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      JAVA="$d/bin/java"
      JAVA_HOME_25="$d"
      return 0
    fi
  done
  echo "error: this project needs a JDK 25 or newer and none was found (looked at \$ERC_JAVA_HOME, \$JAVA_HOME, PATH, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks): install one, e.g. Eclipse Temurin 25 under /usr/lib/jvm, or point ERC_JAVA_HOME at it." >&2
  return 1
}
