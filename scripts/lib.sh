# Shared by the scripts in this folder: where the project is, the JVM flags, and build-on-first-use.
# Sourced, not run.
LIQ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The one place the JVM flags live (also read by the Maven build): scripts/jvm.properties.
liq_jvm_flags() {
  sed -n 's/^liquidator\.jvm\.flags=//p' "$LIQ_ROOT/scripts/jvm.properties"
}

liq_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

# Builds the modules (without tests) when the runtime classpath is missing or a source is newer
# than the last build, so every command works straight after `git clone`.
liq_ensure_built() {
  local module=${1:-engine}
  local marker="$LIQ_ROOT/$module/target/runtime-classpath.txt"
  local stale=0
  if [ ! -f "$marker" ]; then
    stale=1
  elif [ -n "$(find "$LIQ_ROOT/journal/src/main" "$LIQ_ROOT/engine/src/main" "$LIQ_ROOT/$module/src/main" \
                 "$LIQ_ROOT/pom.xml" "$LIQ_ROOT"/*/pom.xml "$LIQ_ROOT/scripts/jvm.properties" \
                 -newer "$marker" -type f 2>/dev/null | head -n 1)" ]; then
    stale=1
  fi
  if [ "$stale" = 1 ]; then
    echo "liquidator: building ($module and what it needs, tests skipped; first run takes a minute)..." >&2
    (cd "$LIQ_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests -pl "$module" -am package 2>&1 \
      | sed 's/\x1b\[[0-9;]*m//g') >&2
    touch "$marker"
  fi
}

# Classpath of a built module: its classes, the sibling modules' classes, and its dependencies.
liq_classpath() {
  local module=${1:-engine}
  local cp="$LIQ_ROOT/$module/target/classes"
  for m in engine journal; do
    [ "$m" = "$module" ] || cp="$cp:$LIQ_ROOT/$m/target/classes"
  done
  echo "$cp:$(cat "$LIQ_ROOT/$module/target/runtime-classpath.txt")"
}
