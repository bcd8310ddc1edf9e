#!/usr/bin/env bash
# What the starter adds to the context refresh when the application is processed ahead of time by Spring (AOT: the
# auto-configurations' conditions decided at build time, bean definitions as code) and started from a CDS archive of
# its own, as Boot documents both for startup time. StartupProbe is processed twice, with the starter and without it,
# each mode gets its own archive from a training start, and StartupBenchmark starts both modes in turn.
#
# Usage: benchmarks/startup-aot.sh [benchmarks jar] [starts] [--no-cds]
# (defaults: benchmarks/target/reducto-benchmarks.jar, 100 starts). The report goes to $WORK/startup-aot-report.md.
set -euo pipefail

jar=${1:-benchmarks/target/reducto-benchmarks.jar}
starts=${2:-100}
cds=${3:-}
work=${WORK:-/tmp/reducto-startup-aot}
probe=io.github.reductospring.benchmarks.StartupProbe

rm -rf "$work"
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" > /dev/null
# CDS takes class paths of jar files only, in the same order at training and at every start.
cp="$work/app/$(basename "$jar"):$work/app/lib/*"

mode_options=()
for mode in with without; do
  out="$work/$mode"
  mkdir -p "$out/sources" "$out/resources" "$out/classes"
  java -cp "$cp" org.springframework.boot.SpringApplicationAotProcessor "$probe" "$out/sources" "$out/resources" \
    "$out/classes" io.github.reductospring benchmarks "$mode" > /dev/null
  javac -nowarn -proc:none -parameters -cp "$out/classes:$cp" -d "$out/classes" $(find "$out/sources" -name '*.java')
  jar cf "$out/aot.jar" -C "$out/classes" . -C "$out/resources" .
  mode_options+=(--class-path "$mode=$out/aot.jar:$cp")
  if [ "$cds" != "--no-cds" ]; then
    java -XX:ArchiveClassesAtExit="$out/app.jsa" -Dspring.aot.enabled=true -cp "$out/aot.jar:$cp" "$probe" "$mode" \
      > /dev/null
    mode_options+=(--mode-option "$mode=-XX:SharedArchiveFile=$out/app.jsa")
  fi
done

java -cp "$cp" io.github.reductospring.benchmarks.StartupBenchmark --starts "$starts" \
  --probe-option -Dspring.aot.enabled=true "${mode_options[@]}" --report "$work/startup-aot-report.md"
