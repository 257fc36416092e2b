#!/usr/bin/env bash
# The manual pages and the shell completions (what `make install` installs beside the binary):
#
#   bash Tools/man-test.sh BIN
#
# Each page of man/ is rendered with `man --warnings -l` (MANWIDTH=80) and with groff's every warning (-ww): any
# warning fails; mandb must be able to read its NAME line (lexgrog). vigie.8 must document every command and
# subcommand `BIN --help` lists, and every option their --help shows. The bash, zsh and fish completion scripts
# BIN generates (swift-argument-parser) must be valid for their shell (zsh and fish only where installed: otherwise
# checked for being non-empty and naming every command). Needs Debian's man-db and groff-base (`make deps`).
# Prints one PASS/FAIL line per check and 'N passed, N failed'; exit status 1 on any failure.
set -u
VIGIE=$(readlink -f "${1:?usage: man-test.sh path/to/vigie}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PAGES=("$ROOT/man/vigie.8" "$ROOT/man/vigie.toml.5" "$ROOT/man/vigie-watchlist.5")
WORK=$(mktemp -d /tmp/vigie-man-XXXXXX)
source "$(dirname "$(readlink -f "$0")")/test-lib.sh"
trap 'rm -rf "$WORK"' EXIT
# quiet FILE: FILE is empty; otherwise its lines are shown and the check fails.
quiet() {
    [ ! -s "$1" ] && return 0
    sed 's/^/        /' "$1"
    return 1
}

for tool in man groff lexgrog; do
    if ! command -v "$tool" >/dev/null; then
        echo "  FAIL  $tool is missing: install man-db and groff-base (make deps)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

echo "man-test: the pages render without warnings"
for page in "${PAGES[@]}"; do
    file=$(basename "$page")
    MANWIDTH=80 man --warnings -l "$page" >"$WORK/$file.txt" 2>"$WORK/$file.man-err"
    check "$file: man --warnings -l renders it (MANWIDTH=80), no warning" \
        eval '[ -s "$WORK/$file.txt" ] && quiet "$WORK/$file.man-err"'
    groff -man -ww -z "$page" 2>"$WORK/$file.groff-err"
    check "$file: groff -man -ww (every warning) says nothing" quiet "$WORK/$file.groff-err"
    check "$file: its NAME line is readable by mandb (lexgrog)" eval 'lexgrog "$page" >/dev/null 2>&1'
    col -b <"$WORK/$file.txt" | awk 'length > 80' >"$WORK/$file.wide"
    check "$file: no line of the rendered page is wider than 80 columns" quiet "$WORK/$file.wide"
done

echo "man-test: vigie.8 documents every command and option vigie --help lists"
# The page as text, on long lines (headings such as "vigie sinks test" on one line each).
MANWIDTH=250 man -l "$ROOT/man/vigie.8" 2>/dev/null | col -b >"$WORK/vigie.8.wide"
# commands HELP-OUTPUT: the names listed under SUBCOMMANDS.
commands() { sed -n '/^SUBCOMMANDS:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\)\( .*\)\{0,1\}$/\1/p'; }
# options HELP-OUTPUT: the long options listed under OPTIONS.
options() { sed -n '/^OPTIONS:/,/^$/p' | grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+'; }
TOP=$("$VIGIE" --help | commands)
info "commands: $(echo $TOP)"
check "vigie --help lists commands" [ -n "$TOP" ]
ALL=()
for command in $TOP; do
    SUB=$("$VIGIE" "$command" --help | commands)
    if [ -z "$SUB" ]; then ALL+=("$command"); else for sub in $SUB; do ALL+=("$command $sub"); done; fi
done
for command in "${ALL[@]}"; do
    missing=""
    # shellcheck disable=SC2086 # split the command into its words
    for option in $("$VIGIE" $command --help | options); do
        grep -qe "$option\b" "$WORK/vigie.8.wide" || missing="$missing $option"
    done
    check "vigie $command: a section of vigie.8${missing:+ (missing options:$missing)}" \
        eval 'grep -qx " *vigie $command" "$WORK/vigie.8.wide" && [ -z "$missing" ]'
done

echo "man-test: the shell completions"
for shell in bash zsh fish; do
    "$VIGIE" --generate-completion-script "$shell" >"$WORK/completion.$shell" 2>"$WORK/completion.$shell.err"
    STATUS=$?
    check "$shell: vigie --generate-completion-script $shell writes a script" \
        eval '[ $STATUS = 0 ] && [ -s "$WORK/completion.$shell" ] && quiet "$WORK/completion.$shell.err"'
    missing=""
    for command in $TOP; do grep -qw -- "$command" "$WORK/completion.$shell" || missing="$missing $command"; done
    check "$shell: the script names every command${missing:+ (missing:$missing)}" [ -z "$missing" ]
    case $shell in
    bash) syntax=(bash -n) ;;
    zsh) syntax=(zsh -n) ;;
    fish) syntax=(fish --no-execute) ;;
    esac
    if command -v "$shell" >/dev/null; then
        "${syntax[@]}" "$WORK/completion.$shell" >"$WORK/syntax.$shell" 2>&1
        check "$shell: ${syntax[*]} accepts it" quiet "$WORK/syntax.$shell"
    else
        info "$shell is not installed: its script's syntax is not checked"
    fi
done
# complete WORDS...: what the bash script offers for the last word, as bash would ask it (loaded for real).
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _vigie vigie "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
        echo "${COMPREPLY[*]}"' _ "$WORK/completion.bash" "$@"
}
OUT=$(complete_words vigie fe)
info "vigie fe<TAB>: $OUT"
check "bash: completing \"vigie fe\" offers fetch and feeds, nothing else" [ "$OUT" = "fetch feeds" ]
OUT=$(complete_words vigie feeds d)
info "vigie feeds d<TAB>: $OUT"
check "bash: completing \"vigie feeds d\" offers discover" [ "$OUT" = "discover" ]

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
