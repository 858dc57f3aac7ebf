#pragma once

// The icons live in a static library, whose resource initializer the linker would drop unless
// something calls it: every widget that shows an icon calls this first.
inline void initUiResources()
{
    static const bool initialized = [] {
        extern int qInitResources_resources();
        return qInitResources_resources() != 0;
    }();
    Q_UNUSED(initialized);
}
