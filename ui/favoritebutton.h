#pragma once

#include <QToolButton>

// The star: shows whether a group is a favorite, and says when the user flips it.
class FavoriteButton : public QToolButton
{
    Q_OBJECT

public:
    explicit FavoriteButton(QWidget *parent = nullptr);

    bool isFavorite() const { return isChecked(); }
    // Shows the state without announcing a change.
    void setFavorite(bool favorite);

Q_SIGNALS:
    void favoriteToggled(bool favorite);

private:
    void updateLook();
};
