#!/usr/bin/env bash
# Builds the emulator image reductospring/reducto-emulator:VERSION from the executable jar.
# Usage: build-image.sh EXEC_JAR VERSION
# REDUCTO_EMULATOR_IMAGE_BASE=standard|scratch picks the base (default: standard, falling back to scratch when the
# standard base cannot be pulled). Without a Docker daemon it builds nothing and says so: container tests then skip.
set -euo pipefail
jar=$1
version=$2
here=$(cd "$(dirname "$0")" && pwd)
image="reductospring/reducto-emulator:${version}"

if ! docker info > /dev/null 2>&1; then
  echo "[reducto-emulator image] Docker is not available: ${image} is not built; container tests will be skipped."
  exit 0
fi

context="$(cd "$(dirname "$jar")" && pwd)/docker-context"
rm -rf "$context"
mkdir -p "$context/rootfs"
cp "$here/Dockerfile" "$context/Dockerfile"
cp "$jar" "$context/reducto-emulator.jar"

build_standard() {
  DOCKER_BUILDKIT=0 docker build -q -t "$image" "$context"
}

build_scratch() {
  local jlink="${JLINK:-}"
  if [ -z "$jlink" ]; then
    for candidate in "${JAVA_HOME:-}/bin/jlink" /usr/lib/jvm/temurin-*/bin/jlink /usr/lib/jvm/*/bin/jlink; do
      if [ -x "$candidate" ]; then jlink=$candidate; break; fi
    done
  fi
  [ -x "$jlink" ] || { echo "[reducto-emulator image] no jlink found for a scratch image" >&2; return 1; }
  local runtime="$context/rootfs/opt/java"
  "$jlink" --add-modules java.base,java.logging,java.net.http,jdk.httpserver,java.xml,java.naming,java.management,java.sql,jdk.unsupported,jdk.crypto.ec \
    --strip-debug --no-man-pages --no-header-files --output "$runtime"
  # The runtime's native libraries need the host's C library and loader.
  # (POSIX awk: the loader line has the path in field 1, the others after '=>'; the runtime's own libraries stay.)
  ldd "$runtime/bin/java" "$runtime"/lib/*.so "$runtime"/lib/server/libjvm.so 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 ~ /ld-linux/ {print $1}' | sort -u \
    | grep -v "^$context" \
    | while read -r lib; do cp --parents -L "$lib" "$context/rootfs/"; done
  mkdir -p "$context/rootfs/tmp"
  DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE=scratch -t "$image" "$context"
}

started=$(date +%s)
case "${REDUCTO_EMULATOR_IMAGE_BASE:-standard}" in
  scratch) build_scratch ;;
  *) build_standard 2> "$context/standard-build.log" || {
       echo "[reducto-emulator image] the standard base could not be used ($(tail -1 "$context/standard-build.log")); building from scratch"
       build_scratch
     } ;;
esac
echo "[reducto-emulator image] built ${image} in $(( $(date +%s) - started )) s"
