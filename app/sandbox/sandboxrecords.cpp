#include "sandboxrecords.h"

void SandboxAccount::reindex()
{
    groupIndex.clear();
    groupIndex.reserve(groups.size());
    for (qsizetype i = 0; i < groups.size(); ++i)
        groupIndex.insert(groups.at(i).id, i);
    kpiIndex.clear();
    kpiIndex.reserve(kpis.size());
    for (qsizetype i = 0; i < kpis.size(); ++i)
        kpiIndex.insert(kpis.at(i).id, i);
}
