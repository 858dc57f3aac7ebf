#include "grouplinks.h"

#include "grouplistmodel.h"
#include "grouplistpane.h"
#include "session.h"
#include "visibletext.h"
#include "weblinks.h"
#include "windowactions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace {

constexpr int messageMs = 4000;

} // namespace

GroupLinks::GroupLinks(WindowActions *actions, GroupListPane *groups, QStatusBar *status,
                       QObject *parent)
    : QObject(parent)
    , m_groups(groups)
    , m_status(status)
{
    connect(actions->copyIdAction(), &QAction::triggered, this, &GroupLinks::copyId);
    connect(actions->copyLinkAction(), &QAction::triggered, this, &GroupLinks::copyLinks);
    connect(actions->openInQuantiveAction(), &QAction::triggered, this, &GroupLinks::open);
}

void GroupLinks::setSession(Session *session)
{
    m_session = session;
}

QString GroupLinks::nameOf(const QString &groupId) const
{
    const KpiGroup *group = m_session ? m_session->groups()->group(groupId) : nullptr;
    return group ? VisibleText::isolated(group->name) : QString();
}

void GroupLinks::copyId()
{
    const QString id = m_groups->currentGroupId();
    if (!m_session || id.isEmpty())
        return;
    QApplication::clipboard()->setText(id);
    m_status->showMessage(tr("Copied the id of “%1”.").arg(nameOf(id)), messageMs);
}

void GroupLinks::copyLinks()
{
    if (!m_session)
        return;
    const QStringList ids = m_groups->selectedGroupIds();
    QStringList links;
    for (const QString &id : ids)
        if (const std::optional<QUrl> link = WebLinks::group(m_session->connection().baseUrl, id))
            links.append(link->toString());
    if (links.isEmpty())
        return;
    QApplication::clipboard()->setText(links.join(u'\n'));
    m_status->showMessage(
        links.size() == 1
            ? tr("Copied the link to “%1”.").arg(nameOf(ids.constFirst()))
            : tr("Copied the links to %n groups, one a line.", nullptr, int(links.size())),
        messageMs);
}

void GroupLinks::open()
{
    const QString id = m_groups->currentGroupId();
    const std::optional<QUrl> link =
        m_session ? WebLinks::group(m_session->connection().baseUrl, id) : std::nullopt;
    if (!link)
        return;
    m_status->showMessage(QDesktopServices::openUrl(*link)
                              ? tr("Opened “%1” in Quantive.").arg(nameOf(id))
                              : tr("No web browser could open %1.").arg(link->toString()),
                          messageMs);
}
