#!/usr/bin/env bash
# Fuzzes each target in turn for SECONDS, at the lowest priority and one job, and keeps
# going past crashes (libFuzzer's fork mode saves each one under fuzz/artifacts/<target>/).
#
#   fuzz/run.sh SECONDS [target ...]     # default: every target
#
# Needs nightly and cargo-fuzz (`cargo install cargo-fuzz`); seeds come from ./seed.sh.
# No sanitizer: the readers are safe Rust but for a few vector loads and one checked-ahead
# UTF-8 view (fuzz/README.md), and what is looked for is a panic; without ASan
# a run tries about twice as many inputs. Logs: fuzz/logs/<target>.log; the last status
# line of each holds inputs run, exec/s, corpus size and crashes.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?seconds per target}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sav xls xlsx_parts ods_content read_and_infer)
./seed.sh >/dev/null
nice -n 19 cargo +nightly fuzz build -s none 2>&1 | tail -1
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in "${targets[@]}"; do
  echo "== $t: ${seconds}s from $(date -u +%H:%M:%S)"
  mkdir -p "artifacts/$t"
  # The binary itself, not `cargo fuzz run`: that one re-runs every saved crash afterwards.
  nice -n 19 "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
    -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"logs/$t.log" 2>&1 || true
  grep -E '^#[0-9]+' "logs/$t.log" | tail -1
  echo "   crashes saved: $(ls "artifacts/$t" | grep -c '^crash-' || true), out of memory: $(ls "artifacts/$t" | grep -c '^oom-' || true)"
done
