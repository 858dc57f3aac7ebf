#include "idlework.h"

#include <QThreadPool>

QThreadPool *idleWorkPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setThreadPriority(QThread::IdlePriority);
        p->setExpiryTimeout(-1);
        return p;
    }();
    return pool;
}
