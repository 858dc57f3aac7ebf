#pragma once

#include "connection.h"
#include "connectionsettings.h"

#include <QDialog>

class ConnectionCheck;
struct ApiError;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Where to connect and as whom. "Connect" first checks the account and token with one small
// list request, and says in the dialog what is wrong when the server refuses them.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    // `name`: the person's name for it, when it is a saved one; it stays with that connection
    // (it is cleared when another address or account is typed).
    void setConnection(const Connection &connection, const QString &name = {});
    // The server's address is completed (Connection::baseUrlFromInput) as the dialog shows it.
    Connection connection() const;
    // The name typed for the connection (SavedConnection::cleanName); empty for the default.
    QString name() const;
    // A sentence above the form: why the dialog is shown (a refused token, a locked keychain).
    void setReason(const QString &reason);
    bool demoRequested() const { return m_demoRequested; }
    // Without a keychain the token is kept for the session only; the hint says so.
    void setKeychainAvailable(bool available);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void verify();
    void updateUrlField();
    // A bare host becomes the API's address: said as it is typed, put in the field once left.
    void showCompletedAddress();
    void completeAddress();
    // The default name follows what is typed; so does a name given to another connection.
    void updateNameField();
    void clearProblem();
    void showProblem(const QString &problem);
    void showRefusal(const ApiError &error);
    // Every problem of the form at once, checked here; the first field to fix gets the focus.
    bool checkLocally();

    QLabel *m_reason;
    QComboBox *m_region;
    QLineEdit *m_baseUrl;
    QLineEdit *m_account;
    QLineEdit *m_token;
    QLineEdit *m_name;
    QLabel *m_urlHint;
    QLabel *m_hint;
    QLabel *m_problem;
    QPushButton *m_demo;
    QPushButton *m_connect;
    QDialogButtonBox *m_buttons;
    ConnectionCheck *m_check;
    bool m_demoRequested = false;
    SavedConnection m_named; // the connection setConnection() gave a name
};
