# Installation and packaging. include() this from the top-level CMakeLists.txt after the targets.
include(GNUInstallDirs)

set(KPIGROUPS_APP_ID io.github.kpigroups.KpiGroups)

install(TARGETS kpigroups kpigroups-cli kpigroups-sandbox
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/${KPIGROUPS_APP_ID}.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/${KPIGROUPS_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
# The icon is named after the app id, which the .desktop file's Icon= refers to.
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/kpigroups.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
    RENAME ${KPIGROUPS_APP_ID}.svg)

# Shell completions of kpigroups-cli, where bash-completion and Debian's zsh look for them.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/kpigroups-cli.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    RENAME kpigroups-cli)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completions/_kpigroups-cli
    DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

# What Debian wants beside every package: the licence and a compressed changelog.
set(kpigroups_docdir ${CMAKE_INSTALL_DATADIR}/doc/kpigroups)
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz
    COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/packaging/debian/changelog
        > ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog)
add_custom_target(kpigroups_changelog ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/debian/copyright
    ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz
    DESTINATION ${kpigroups_docdir})

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME kpigroups)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "KPI Groups developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "native desktop client for the Quantive Results KPI Groups API")
set(CPACK_PACKAGE_DESCRIPTION [[
Browse, search, rename and star the KPI groups of a Quantive Results
account, and take KPIs out of groups with undo. Includes kpigroups-cli
for scripts and kpigroups-sandbox, a local emulation of the API.]])
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "KPI Groups developers <kpigroups@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/kpigroups/KpiGroups")
set(CPACK_STRIP_FILES ON)
# Files and folders as Debian wants them, whatever the umask of the build.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Derive the Qt and keychain library dependencies from the binaries instead of listing them by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plugins Qt loads at run time, which dpkg-shlibdeps cannot see: the SVG icons and the platform
# (X11, Wayland) integration.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, qt6-qpa-plugins")
# Qt's own words (Cancel, OK in standard dialogs) in the user's language, and a font for the
# Chinese, Japanese and Korean names that groups and KPIs can have.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, fonts-noto-cjk | fonts-wqy-microhei")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
