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

set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME kpigroups)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "KPI Groups developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION [[
Browse, search, rename and star the KPI groups of a Quantive Results
account, and take KPIs out of groups with undo. Includes kpigroups-cli
for scripts and kpigroups-sandbox, a local emulation of the API.]])
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "KPI Groups developers")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Derive the Qt and keychain library dependencies from the binaries instead of listing them by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
