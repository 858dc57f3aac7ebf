# bash completion for kpigroups-cli
_kpigroups_cli()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion || return
    else # sourced without the bash-completion package
        cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
    fi

    local commands="list get create rename delete favorite unfavorite star unstar kpis remove-kpi add-kpi move-kpi"
    local options="--help --version --region --base-url --account --json --token-stdin --timeout"
    local list_options="--filter --sort --fields --skip --take --all"

    case $prev in
        --region)
            COMPREPLY=($(compgen -W "eu us as sa au" -- "$cur"))
            return
            ;;
        --base-url | --account | --timeout | --filter | --sort | --fields | --skip | --take)
            return
            ;;
    esac

    local command="" word
    for word in "${words[@]:1:cword-1}"; do
        case " $commands " in
            *" $word "*) command=$word; break ;;
        esac
    done

    if [[ $cur == -* ]]; then
        [[ $command == list ]] && options="$options $list_options"
        [[ $command == list || $command == kpis ]] && options="$options --csv"
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
}
complete -F _kpigroups_cli kpigroups-cli
