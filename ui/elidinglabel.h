#pragma once

#include <QLabel>

// A one-line label that can be narrower than its text: it then shows the text elided, and the
// whole of it in its tooltip. It asks for its full width, but needs only a few characters.
class ElidingLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidingLabel(const QString &text = {}, QWidget *parent = nullptr);

    QSize minimumSizeHint() const override;
    bool isElided() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
};
