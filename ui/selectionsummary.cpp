#include "selectionsummary.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SelectionSummary::SelectionSummary(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_star(new QPushButton(tr("S&tar All")))
    , m_unstar(new QPushButton(tr("&Unstar All")))
    , m_delete(new QPushButton)
{
    setObjectName(u"selectionSummary"_s);
    m_title->setObjectName(u"selectionTitle"_s);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setWeight(QFont::DemiBold);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_star->setObjectName(u"starSelection"_s);
    m_unstar->setObjectName(u"unstarSelection"_s);
    m_delete->setObjectName(u"deleteSelection"_s);

    // One under the other: side by side, French labels at 2× did not fit a narrow pane.
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    for (QPushButton *button : {m_star, m_unstar}) {
        button->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
        layout->addWidget(button, 0, Qt::AlignLeft);
    }
    layout->addSpacing(12);
    m_delete->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    layout->addWidget(m_delete, 0, Qt::AlignLeft);
    layout->addStretch();

    connect(m_star, &QPushButton::clicked, this, [this] { Q_EMIT starRequested(true); });
    connect(m_unstar, &QPushButton::clicked, this, [this] { Q_EMIT starRequested(false); });
    connect(m_delete, &QPushButton::clicked, this, &SelectionSummary::deleteRequested);
}

void SelectionSummary::setSelection(int count, int starred)
{
    m_title->setText(tr("%n group(s) selected", nullptr, count));
    m_star->setEnabled(starred < count);
    m_star->setToolTip(tr("Star the %n group(s) selected (Ctrl+D)", nullptr, count));
    m_unstar->setEnabled(starred > 0);
    m_unstar->setToolTip(tr("Remove the star of the %n group(s) selected", nullptr, count));
    m_delete->setText(tr("&Delete %n Group(s)…", nullptr, count));
    m_delete->setToolTip(
        tr("Delete the %n group(s) selected; their KPIs are kept (Del)", nullptr, count));
}
