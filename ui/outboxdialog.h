#pragma once

#include <QDialog>

class OutboxModel;
class QLabel;
class QPushButton;
class QTreeView;
class Session;

// The changes of a connection the server has not taken yet: what, since when, what the last try
// met, and, for the person, Send Now and Discard (one, several or all of them).
class OutboxDialog : public QDialog
{
    Q_OBJECT

public:
    explicit OutboxDialog(Session *session, QWidget *parent = nullptr);

Q_SIGNALS:
    // The person wants to finish a name typed for this group: the window shows it.
    void openGroupRequested(const QString &groupId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateState();
    void discardSelected();
    void showDetail();
    QList<quint64> selectedChanges() const;
    QStringList selectedDrafts() const;

    Session *m_session;
    OutboxModel *m_model;
    QLabel *m_summary;
    QLabel *m_detail; // the current change's last try, in full
    QTreeView *m_view;
    QPushButton *m_sendNow;
    QPushButton *m_discard;
    QPushButton *m_open;
};
