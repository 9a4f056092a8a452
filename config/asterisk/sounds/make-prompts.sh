#!/usr/bin/env bash
# Makes the hotline's sound prompts from the texts in prompts.tsv (next to this script) with
# espeak-ng and sox, as Asterisk plays them without transcoding: WAV, 8 kHz, mono, 16-bit PCM.
#
#   make-prompts.sh [sounds-dir]        default: /var/lib/asterisk/sounds
#
# A prompt named hotline/welcome becomes <sounds-dir>/hotline/welcome.wav. The default is
# Asterisk's language-neutral sounds directory: for a channel whose language is zh (or en, or
# anything else) Asterisk looks in sounds/zh/hotline/, then in sounds/hotline/, so one set serves
# every caller. That suits these prompts: the welcome is the language chooser itself, spoken in
# Mandarin and English, and the survey is Mandarin. To give one language its own version, pass
# that language's directory instead (e.g. /var/lib/asterisk/sounds/en).
#
# Each line of prompts.tsv is one segment spoken by its language's voice (cmn or zh: espeak-ng's
# Mandarin voice "cmn"; en: "en"); the segments of one prompt are joined in order with a short
# pause, converted to 8 kHz, and normalised to -3 dBFS. Files are written next to their final name
# and then renamed, so a running Asterisk never plays half a file.
#
# Needs: apt-get install espeak-ng sox
set -euo pipefail
umask 022 # directories 0755, files 0644: the asterisk user can read them whoever runs this

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
table="$here/prompts.tsv"
target="${1:-/var/lib/asterisk/sounds}"

die() {
  echo "make-prompts: $*" >&2
  exit 1
}

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (apt-get install espeak-ng sox)"
done
[[ -r "$table" ]] || die "cannot read $table"

voice_of() {
  case "$1" in
    cmn | zh) echo "cmn 160" ;; # voice and words per minute: a little slower than the default 175
    en) echo "en 160" ;;
    *) return 1 ;;
  esac
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A segments=() # prompt name -> its segment files, in order, one per line
names=()               # prompt names in the order of their first line
line_no=0
count=0
while IFS=$'\t' read -r name lang text extra || [[ -n "${name:-}" ]]; do
  line_no=$((line_no + 1))
  [[ -z "${name:-}" || "$name" == \#* ]] && continue
  [[ "$name" =~ ^[a-z0-9_-]+(/[a-z0-9_-]+)*$ ]] || die "$table:$line_no: bad prompt name '$name'"
  [[ -z "${extra:-}" ]] || die "$table:$line_no: more than three tab-separated fields"
  text="${text%$'\r'}"
  [[ -n "${text:-}" ]] || die "$table:$line_no: no text"
  voice_speed="$(voice_of "${lang:-}")" || die "$table:$line_no: unknown language '${lang:-}' (cmn, zh or en)"
  read -r voice speed <<<"$voice_speed"
  count=$((count + 1))
  spoken="$work/segment-$count.wav"
  padded="$work/segment-$count-padded.wav"
  printf '%s' "$text" | espeak-ng -v "$voice" -s "$speed" --stdin -w "$spoken"
  sox "$spoken" "$padded" pad 0 0.3 # a pause after each segment (and at the end of the prompt)
  if [[ -z "${segments[$name]+set}" ]]; then
    names+=("$name")
    segments[$name]="$padded"
  else
    segments[$name]+=$'\n'"$padded"
  fi
done <"$table"
((${#names[@]} > 0)) || die "$table has no prompts"

for name in "${names[@]}"; do
  out="$target/$name.wav"
  mkdir -p "$(dirname "$out")"
  partial="$(dirname "$out")/.$(basename "$out").partial.wav"
  mapfile -t parts <<<"${segments[$name]}"
  sox "${parts[@]}" --comment "" -r 8000 -c 1 -b 16 -e signed-integer "$partial" gain -n -3
  chmod 0644 "$partial"
  mv -f "$partial" "$out"
  echo "$out ($(soxi -D "$out") s)"
done
