#pragma once

#include "apierror.h"

#include <QDateTime>
#include <QString>
#include <functional>
#include <memory>

class ApiTransport;

// Finds out from the server whether a change that went out and got no answer was made, rather
// than sending it twice blindly: a create by looking for the group it would have made, a rename
// by reading the group's name. The change's call ends with what was found, or with "not known".
class ChangeReconciler
{
public:
    // `learnedPageSize`: the client's, for a reading of the whole list.
    ChangeReconciler(ApiTransport *transport, const qsizetype *learnedPageSize);

    // A group named `name` made since `sentAt` is the create's answer; `absent` runs when a
    // whole reading shows there is none.
    void reconcileCreate(RequestId id, const QString &name, const QDateTime &sentAt,
                         std::function<void()> absent);
    // `otherName` runs when the group has another name (the rename, idempotent, is sent again);
    // without it, that ends the call with "not renamed".
    void reconcileRename(RequestId id, const QString &groupId, const QString &name,
                         std::function<void()> otherName = {});
    // The KPI found in the group is the add's answer; `absent` runs when it is not (the add,
    // idempotent, is sent again).
    void reconcileKpiAdded(RequestId id, const QString &kpiId, const QString &groupId,
                           std::function<void()> absent);

private:
    struct CreateSearch;
    // One page more of the search for the group a create not answered may have made.
    void searchForCreated(RequestId id, const std::shared_ptr<CreateSearch> &search);

    ApiTransport *m_transport;
    const qsizetype *m_learnedPageSize;
};
