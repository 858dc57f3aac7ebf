#pragma once

#include <QFrame>
#include <QPointer>

class QAction;
class QLabel;
class QPushButton;

// The demo's first words, in a calm panel above the lists: what a KPI group is, how KPIs leave
// and move between groups, that nothing leaves the computer, and how to connect a real account.
// Shown in the demo until the person closes it (remembered in the settings), and again from
// Help → About the Demo.
class DemoHint : public QFrame
{
    Q_OBJECT

public:
    // `aboutDemo` shows it again and is offered in the demo only; `connect` is named with its
    // menu and its keys.
    DemoHint(QAction *aboutDemo, QAction *connect, QWidget *parent = nullptr);

    // In the demo it shows, unless closed once; elsewhere it hides, with About the Demo.
    void setDemo(bool demo);
    // Gives the keyboard to its Close button, where it is shown.
    void takeFocus();
    // Hides it for good, until About the Demo.
    void dismiss();

    static constexpr QLatin1StringView closedKey{"demo/hintClosed"};

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void showAgain();
    void updateText();
    static QString menuPath(const QAction *action);

    QAction *m_aboutDemo;
    QAction *m_connect;
    QLabel *m_text;
    QPushButton *m_close;
    QPointer<QWidget> m_focusBefore; // given back the keyboard when it closes
    bool m_demo = false;
};
