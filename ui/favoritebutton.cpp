#include "favoritebutton.h"

#include "uiresources.h"

#include <QSignalBlocker>

FavoriteButton::FavoriteButton(QWidget *parent)
    : QToolButton(parent)
{
    initUiResources();
    setCheckable(true);
    setAutoRaise(true);
    setIconSize(QSize(22, 22));
    setAccessibleName(tr("Favorite"));
    connect(this, &QToolButton::toggled, this, [this](bool favorite) {
        updateLook();
        Q_EMIT favoriteToggled(favorite);
    });
    updateLook();
}

void FavoriteButton::setFavorite(bool favorite)
{
    const QSignalBlocker blocker(this);
    setChecked(favorite);
    updateLook();
}

void FavoriteButton::updateLook()
{
    setIcon(QIcon(isChecked() ? QStringLiteral(":/icons/star-filled.svg")
                              : QStringLiteral(":/icons/star-outline.svg")));
    setToolTip(isChecked() ? tr("Remove the star (Ctrl+D)") : tr("Star this group (Ctrl+D)"));
    setAccessibleDescription(isChecked() ? tr("Starred") : tr("Not starred"));
}
