#include "groupkpismodel.h"

#include "grouplistmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>

using namespace Qt::StringLiterals;

namespace {

// As the group list sorts: case and accents do not count.
bool byName(const Kpi &a, const Kpi &b)
{
    const int order = GroupListModel::searchKey(a.name).compare(GroupListModel::searchKey(b.name));
    return order != 0 ? order < 0 : a.id < b.id;
}

} // namespace

GroupKpisModel::GroupKpisModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int GroupKpisModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_kpis.size());
}

QVariant GroupKpisModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Kpi &kpi = m_kpis.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return kpi.name;
    case Qt::ToolTipRole:
    case DescriptionRole:
        return kpi.description;
    case IdRole:
        return kpi.id;
    case OwnerIdRole:
        return kpi.ownerId;
    case OtherGroupCountRole:
        return int(std::max<qsizetype>(0, kpi.groupIds.size() -
                                              (kpi.groupIds.contains(m_groupId) ? 1 : 0)));
    case KpiRole:
        return QVariant::fromValue(kpi);
    default:
        return {};
    }
}

QHash<int, QByteArray> GroupKpisModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "id"},
                  {NameRole, "name"},
                  {DescriptionRole, "description"},
                  {OwnerIdRole, "ownerId"},
                  {OtherGroupCountRole, "otherGroupCount"},
                  {KpiRole, "kpi"}});
    return names;
}

Qt::ItemFlags GroupKpisModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDragEnabled |
           Qt::ItemNeverHasChildren;
}

QStringList GroupKpisModel::mimeTypes() const
{
    return {QString(mimeType)};
}

QMimeData *GroupKpisModel::mimeData(const QModelIndexList &indexes) const
{
    QJsonArray ids;
    QStringList names;
    for (const QModelIndex &index : indexes) {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid))
            continue;
        ids.append(m_kpis.at(index.row()).id);
        names.append(m_kpis.at(index.row()).name);
    }
    auto *data = new QMimeData;
    const QJsonObject payload{{u"groupId"_s, m_groupId}, {u"kpiIds"_s, ids}};
    data->setData(QString(mimeType), QJsonDocument(payload).toJson(QJsonDocument::Compact));
    data->setText(names.join(u'\n'));
    return data;
}

std::optional<GroupKpisModel::Payload> GroupKpisModel::payload(const QMimeData *data)
{
    if (!data || !data->hasFormat(QString(mimeType)))
        return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(data->data(QString(mimeType))).object();
    Payload payload;
    payload.groupId = object.value("groupId"_L1).toString();
    for (const QJsonValue &id : object.value("kpiIds"_L1).toArray())
        payload.kpiIds.append(id.toString());
    if (payload.groupId.isEmpty() || payload.kpiIds.isEmpty())
        return std::nullopt;
    return payload;
}

Qt::DropActions GroupKpisModel::supportedDragActions() const
{
    // Copied: put in another group too (KpiPlacing, with Ctrl).
    return Qt::MoveAction | Qt::CopyAction;
}

bool GroupKpisModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_kpis.size() ||
        m_groupId == noGroupId)
        return false;
    beginRemoveRows({}, row, row + count - 1);
    const QList<Kpi> removed = m_kpis.mid(row, count);
    m_kpis.remove(row, count);
    endRemoveRows();
    Q_EMIT kpisRemoved(m_groupId, removed);
    return true;
}

int GroupKpisModel::rowOf(const QString &kpiId) const
{
    for (int row = 0; row < m_kpis.size(); ++row)
        if (m_kpis.at(row).id == kpiId)
            return row;
    return -1;
}

void GroupKpisModel::setGroup(const QString &groupId)
{
    beginResetModel();
    m_groupId = groupId;
    m_kpis.clear();
    m_known = true;
    endResetModel();
    if (m_loading != !groupId.isEmpty()) {
        m_loading = !groupId.isEmpty();
        Q_EMIT loadingChanged(m_loading);
    }
}

void GroupKpisModel::setKpis(const QString &groupId, const QList<Kpi> &kpis)
{
    if (groupId != m_groupId)
        return;
    beginResetModel();
    m_kpis = kpis;
    m_known = true;
    std::stable_sort(m_kpis.begin(), m_kpis.end(), byName);
    endResetModel();
    if (m_loading) {
        m_loading = false;
        Q_EMIT loadingChanged(false);
    }
}

void GroupKpisModel::setUnknown(const QString &groupId)
{
    if (groupId != m_groupId)
        return;
    beginResetModel();
    m_kpis.clear();
    m_known = false;
    endResetModel();
    if (m_loading) {
        m_loading = false;
        Q_EMIT loadingChanged(false);
    }
}

void GroupKpisModel::removeKpis(const QString &groupId, const QStringList &kpiIds)
{
    if (groupId != m_groupId || groupId == noGroupId)
        return;
    QList<Kpi> removed;
    for (int row = int(m_kpis.size()) - 1; row >= 0; --row) {
        if (!kpiIds.contains(m_kpis.at(row).id))
            continue;
        beginRemoveRows({}, row, row);
        removed.prepend(m_kpis.takeAt(row));
        endRemoveRows();
    }
    if (!removed.isEmpty())
        Q_EMIT kpisRemoved(m_groupId, removed);
}

void GroupKpisModel::restoreKpis(const QString &groupId, const QList<Kpi> &kpis)
{
    if (groupId != m_groupId)
        return;
    for (const Kpi &kpi : kpis) {
        if (rowOf(kpi.id) >= 0)
            continue;
        const auto at = std::lower_bound(m_kpis.begin(), m_kpis.end(), kpi, byName);
        const int row = int(at - m_kpis.begin());
        beginInsertRows({}, row, row);
        m_kpis.insert(row, kpi);
        endInsertRows();
    }
}

QList<Kpi> GroupKpisModel::takeKpis(const QString &groupId, const QStringList &kpiIds)
{
    QList<Kpi> taken;
    if (groupId != m_groupId)
        return taken;
    for (int row = int(m_kpis.size()) - 1; row >= 0; --row) {
        if (!kpiIds.contains(m_kpis.at(row).id))
            continue;
        beginRemoveRows({}, row, row);
        taken.prepend(m_kpis.takeAt(row));
        endRemoveRows();
    }
    return taken;
}

void GroupKpisModel::changeGroupsOf(const QString &kpiId, const QString &joined,
                                    const QString &left)
{
    const int row = rowOf(kpiId);
    if (row < 0)
        return;
    QStringList &groupIds = m_kpis[row].groupIds;
    if (!left.isEmpty())
        groupIds.removeAll(left);
    if (!joined.isEmpty() && !groupIds.contains(joined))
        groupIds.append(joined);
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {OtherGroupCountRole, KpiRole});
}
