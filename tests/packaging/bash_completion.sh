#!/usr/bin/env bash
# kpigroups-cli's bash completion offers what the command line takes.
set -u
source "$1"
status=0
expect() { # expected, then the words typed so far
    local expected=$1
    shift
    COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMPREPLY=()
    _kpigroups_cli
    if [[ "${COMPREPLY[*]}" != "$expected" ]]; then
        echo "after '$*': got '${COMPREPLY[*]}', expected '$expected'"
        status=1
    fi
}
expect "list" kpigroups-cli li
expect "rename remove-kpi" kpigroups-cli re
expect "--all" kpigroups-cli list --al
expect "" kpigroups-cli get --al
expect "--csv" kpigroups-cli kpis --cs
expect "" kpigroups-cli get --cs
expect "eu us as sa au" kpigroups-cli --region ""
expect "" kpigroups-cli list ""
exit $status
