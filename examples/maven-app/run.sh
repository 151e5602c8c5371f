#!/usr/bin/env bash
# Builds this consumer project against the dev.erc artefacts installed in the local Maven repository (run
# `./mvnw install -DskipTests` at the root first), checks that no test library reaches a consumer's dependency tree,
# then runs the application on the class path and on the module path. CI runs it after the tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/find-jdk.sh"
erc_find_jdk
export JAVA_HOME="$JAVA_HOME_25"
# Quiet Maven's own JDK 25 warnings (jansi, guava).
export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
mvn=("$root/mvnw" -B -ntp -q -f "$here/pom.xml")

"${mvn[@]}" package
"${mvn[@]}" dependency:tree -DoutputFile="$here/target/dependency-tree.txt"
"${mvn[@]}" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt" -Dmdep.includeScope=runtime
echo "consumer dependency tree: $(grep -c ':' "$here/target/dependency-tree.txt") artefacts"

# Anything made for testing, or the PDF/SVG stacks that PNG plots do not need, must not reach an application.
leaked=$(grep -iE 'junit|mockito|opentest4j|hamcrest|assertj|testng|apiguardian|org\.pdfbox|pdfbox|vectorgraphics2d' \
  "$here/target/dependency-tree.txt" || true)
if [ -n "$leaked" ]; then
  echo "error: test or unneeded libraries reach a consumer:" >&2
  echo "$leaked" >&2
  exit 1
fi

cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
run() {  # prints the application's result line; on failure its stderr too, and stops
  local what=$1 out
  shift
  if ! out=$("$JAVA" "$@" 2>"$here/target/stderr.txt"); then
    echo "error: the example failed on the $what:" >&2
    cat "$here/target/stderr.txt" >&2
    exit 1
  fi
  echo "$what: $out"
}
run "class path" --add-modules=jdk.incubator.vector -cp "$cp" dev.erc.example.App
# On the module path dev.erc.compute requires the Vector API itself: no --add-modules needed.
run "module path" --enable-native-access=ALL-UNNAMED -p "$cp" -m dev.erc.example/dev.erc.example.App
