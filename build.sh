#!/usr/bin/env bash
# The project's two everyday commands, on a fresh Debian 12 machine:
#   ./build.sh demo    build, then open the app on the local sandbox
#   ./build.sh test    build, then run every test (headless)
# Also: ./build.sh build | package | translations [--update] | bench [ARGS...] | sandbox [ARGS...] | fuzz [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"

# Every Debian package the project needs, in one place.
PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins qtkeychain-qt6-dev
    libgl-dev
    xvfb xauth fonts-dejavu-core fonts-wqy-microhei
    zlib1g-dev nginx openssl
    curl python3 python3-requests
    dpkg-dev fakeroot file lintian desktop-file-utils appstream qt6-translations-l10n
)

install_missing_packages() {
    local missing=()
    for package in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing missing packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
}

build() {
    install_missing_packages
    [ -f build/build.ninja ] || cmake --preset default
    cmake --build --preset default
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
    build)
        build
        ;;
    demo)
        build
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
            echo "No display found: starting the demo under Xvfb (use --screenshot FILE to see it)."
            exec xvfb-run -a build/app/exe/kpigroups --demo "$@"
        fi
        exec build/app/exe/kpigroups --demo "$@"
        ;;
    test)
        build
        QT_QPA_PLATFORM=offscreen ctest --test-dir build --output-on-failure -j2 "$@"
        ;;
    package)
        # A .deb in build/, its dependencies derived by dpkg-shlibdeps; lintian's verdict after.
        build
        (cd build && cpack -G DEB)
        lintian --info build/kpigroups_*.deb || true
        ls build/kpigroups_*.deb
        ;;
    translations)
        # The strings not (well) translated yet; --update first brings the .ts files up to date.
        install_missing_packages
        exec tools/untranslated "$@"
        ;;
    bench)
        build
        exec build/tests/bench/kpigroups-bench "$@"
        ;;
    sandbox)
        build
        exec build/app/exe/kpigroups-sandbox "$@"
        ;;
    fuzz)
        # Each libFuzzer target for SECONDS (default 20) on a copy of its seed corpus.
        install_missing_packages
        [ -f build-fuzz/build.ninja ] || cmake --preset fuzz
        cmake --build --preset fuzz --target fuzz_replies fuzz_cache
        seconds=${1:-20}
        for target in replies cache; do
            corpus=$(mktemp -d)
            cp tests/fuzz/corpus/$target/* "$corpus"/
            echo "fuzz_$target for ${seconds}s"
            build-fuzz/tests/fuzz/fuzz_$target -max_total_time="$seconds" -rss_limit_mb=2048 \
                -max_len=65536 -print_final_stats=1 "$corpus" 2>&1 | tail -n 4
            status=${PIPESTATUS[0]}
            rm -rf "$corpus"
            [ "$status" -eq 0 ] || exit "$status"
        done
        ;;
    *)
        echo "usage: $0 demo | test | build | package | translations [--update] | bench [ARGS] | sandbox [ARGS] | fuzz [SECONDS]" >&2
        exit 2
        ;;
esac
