#!/bin/sh
# Compares two outputs of the demo (ports/host/demo.cpp), line by line: the text around the
# numbers must be the same, and every number must agree within
#   |a - b| <= atol + rtol * max(|a|, |b|)
# (defaults rtol = 1e-6, atol = 1e-9: the demo prints at most 9 decimals, and its float
# gradient descent may round differently where one machine fuses a multiply-add and the other
# does not). Lines matching --ignore REGEX in the reference are skipped in both (the line naming
# the partials backend, xsimd on the host and plain arrays on a Cortex-M).
#   ports/host/compare-demo.sh [--rtol R] [--atol A] [--ignore REGEX] reference.txt actual.txt
# Exit status 0 when they agree; 1 with the differing lines listed; 2 on a usage error.
#   ports/host/compare-demo.sh --self-test reference.txt
# proves the comparison can fail: the reference must agree with itself and with a copy whose
# first nonzero number is off by rtol / 10, and must not agree with copies off by 10 rtol, with
# a word changed, or with a line missing.
set -u
rtol=1e-6
atol=1e-9
ignore='^$^'
self_test=0
while [ $# -gt 1 ]; do
  case $1 in
    --rtol) rtol=$2; shift 2 ;;
    --atol) atol=$2; shift 2 ;;
    --ignore) ignore=$2; shift 2 ;;
    --self-test) self_test=1; shift ;;
    --) shift; break ;;
    -*) echo "$0: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $self_test = 1 ]; then
  [ $# -eq 1 ] && [ -s "$1" ] || { echo "usage: $0 --self-test reference.txt" >&2; exit 2; }
  dir=$(mktemp -d) || exit 2
  trap 'rm -rf "$dir"' EXIT
  # scale the first nonzero number that is not part of a word by factor $1
  perturb() {
    awk -v f="$1" -v ignore="$ignore" '!done && $0 !~ ignore {
        rest = $0; out = ""
        while (match(rest, /[0-9]+\.[0-9]+/)) {
          pre = substr(rest, 1, RSTART - 1); num = substr(rest, RSTART, RLENGTH)
          rest = substr(rest, RSTART + RLENGTH)
          if (num + 0 != 0 && pre !~ /[A-Za-z_]$/) { out = out pre sprintf("%.12g", num * f); done = 1; break }
          out = out pre num
        }
        $0 = out rest
      } { print }'
  }
  failed=0
  expect() {  # expect <0|1> <description> <file>
    sh "$0" --rtol "$rtol" --atol "$atol" --ignore "$ignore" "$ref" "$3" >"$dir/log" 2>&1
    got=$?
    if [ $got -ne "$1" ]; then
      echo "self-test FAILED: $2: exit status $got, expected $1"; cat "$dir/log"; failed=1
    else
      echo "self-test ok: $2 (exit status $got)"
    fi
  }
  ref=$1
  cp "$ref" "$dir/same"  # (awk reads one file name through one stream: a copy, not the same name)
  expect 0 "the reference against a copy of itself" "$dir/same"
  perturb "$(awk -v r="$rtol" 'BEGIN { printf "%.17g", 1 + r / 10 }')" <"$ref" >"$dir/small"
  cmp -s "$ref" "$dir/small" && { echo "self-test FAILED: no nonzero number to perturb"; exit 1; }
  expect 0 "a number off by rtol / 10" "$dir/small"
  perturb "$(awk -v r="$rtol" 'BEGIN { printf "%.17g", 1 + 10 * r }')" <"$ref" >"$dir/large"
  expect 1 "a number off by 10 rtol" "$dir/large"
  sed '$ s/[A-Za-z][A-Za-z]*/XX/' "$ref" >"$dir/word"
  expect 1 "a word changed on the last line" "$dir/word"
  sed '$ d' "$ref" >"$dir/short"
  expect 1 "the last line missing" "$dir/short"
  exit $failed
fi
if [ $# -ne 2 ] || [ ! -r "$1" ] || [ ! -r "$2" ]; then
  echo "usage: $0 [--rtol R] [--atol A] [--ignore REGEX] reference.txt actual.txt" >&2
  exit 2
fi
exec awk -v rtol="$rtol" -v atol="$atol" -v ignore="$ignore" -v ref="$1" -v act="$2" '
function abs(x) { return x < 0 ? -x : x }
# Splits line s into its numbers (nums[1..n]) and its text with each number replaced by "#" and
# runs of blanks by one space (the skeleton, returned).
function parse(s, nums,    n, skel, pre) {
  n = 0
  skel = ""
  gsub(/[ \t\r]+/, " ", s)
  while (match(s, /[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?(inf|nan)/)) {
    pre = substr(s, 1, RSTART - 1)
    # a digit inside a word (E1, dx_2, H3) is part of the text: compared as text
    if (RSTART > 1 && substr(s, RSTART - 1, 1) ~ /[A-Za-z_]/) {
      skel = skel pre substr(s, RSTART, RLENGTH)
    } else {
      nums[++n] = substr(s, RSTART, RLENGTH)
      skel = skel pre "#"
    }
    s = substr(s, RSTART + RLENGTH)
  }
  nums[0] = n
  return skel s
}
BEGIN {
  bad = 0
  line = 0
  while (1) {
    r = (getline a < ref)
    t = (getline b < act)
    if (r <= 0 && t <= 0) break
    ++line
    if (r <= 0 || t <= 0) {
      printf "line %d: %s\n", line, (r <= 0 ? "only in the actual output: " b : "missing from the actual output: " a)
      ++bad
      break
    }
    if (a ~ ignore) continue
    split("", x); split("", y)
    sa = parse(a, x)
    sb = parse(b, y)
    if (sa != sb) {
      if (++bad <= 20) printf "line %d: text differs\n  reference: %s\n  actual:    %s\n", line, a, b
      continue
    }
    for (i = 1; i <= x[0]; ++i) {
      if (x[i] == y[i]) continue
      u = x[i] + 0; v = y[i] + 0
      m = abs(u) > abs(v) ? abs(u) : abs(v)
      if ((x[i] ~ /inf|nan/) || (y[i] ~ /inf|nan/) || abs(u - v) > atol + rtol * m) {
        if (++bad <= 20)
          printf "line %d: number %d is %s, the reference has %s (rtol %s, atol %s)\n  reference: %s\n  actual:    %s\n",
                 line, i, y[i], x[i], rtol, atol, a, b
      }
    }
  }
  if (line == 0) { print "empty outputs"; exit 1 }
  if (bad) { printf "%d difference%s in %d lines (the first 20 shown)\n", bad, bad == 1 ? "" : "s", line; exit 1 }
  printf "%d lines agree (rtol %s, atol %s)\n", line, rtol, atol
}'
