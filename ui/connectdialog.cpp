#include "connectdialog.h"

#include "apiinput.h"
#include "connectioncheck.h"
#include "layoutfit.h"
#include "palettecolors.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_reason(new QLabel)
    , m_region(new QComboBox)
    , m_baseUrl(new QLineEdit)
    , m_account(new QLineEdit)
    , m_token(new QLineEdit)
    , m_name(new QLineEdit)
    , m_urlHint(new QLabel)
    , m_hint(new QLabel)
    , m_problem(new QLabel)
    , m_demo(new QPushButton(tr("Try the &demo")))
    , m_connect(new QPushButton(tr("&Connect")))
    , m_buttons(new QDialogButtonBox)
    , m_check(new ConnectionCheck(this))
{
    setObjectName(u"connectDialog"_s);
    connect(m_check, &ConnectionCheck::accepted, this, [this] {
        showProblem({});
        accept();
    });
    connect(m_check, &ConnectionCheck::refused, this, &ConnectDialog::showRefusal);
    setWindowTitle(tr("Connect to Quantive"));
    m_reason->setObjectName(u"connectReason"_s);
    m_reason->setWordWrap(true);
    m_reason->hide();
    m_region->setObjectName(u"regionCombo"_s);
    m_region->setAccessibleName(tr("Data centre"));
    for (const Regions::Region &region : Regions::all())
        m_region->addItem(Regions::displayName(region.code), QString(region.baseUrl));
    m_region->addItem(tr("Another address…"), QString());
    m_baseUrl->setObjectName(u"baseUrlEdit"_s);
    m_baseUrl->setAccessibleName(tr("Server address"));
    m_baseUrl->setPlaceholderText(u"https://app.quantive.com/results/api/v1"_s);
    m_account->setObjectName(u"accountEdit"_s);
    m_account->setAccessibleName(tr("Account id"));
    m_account->setPlaceholderText(tr("24 characters, e.g. 5be26318e5274a0007f17f61"));
    m_token->setObjectName(u"tokenEdit"_s);
    m_token->setAccessibleName(tr("API token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Paste your API token"));
    m_name->setObjectName(u"connectionNameEdit"_s);
    m_name->setAccessibleName(tr("Name of the connection"));
    m_name->setToolTip(tr("Shown in the window's title and in File → Switch Connection. Left "
                          "empty, the data centre and the account's short id are shown."));
    m_name->setMaxLength(int(SavedConnection::maxNameLength));
    m_urlHint->setObjectName(u"baseUrlHint"_s);
    m_urlHint->setWordWrap(true);
    m_urlHint->setTextFormat(Qt::PlainText);
    m_urlHint->setEnabled(false);
    m_urlHint->hide();
    m_hint->setObjectName(u"tokenHint"_s);
    m_hint->setWordWrap(true);
    setKeychainAvailable(true);
    m_hint->setEnabled(false);
    m_problem->setObjectName(u"connectProblem"_s);
    m_problem->setWordWrap(true);
    PaletteColors::markAsError(m_problem);
    m_problem->hide();
    m_demo->setObjectName(u"tryDemo"_s);
    m_demo->setToolTip(tr("Explore the app on a built-in sample account; nothing leaves this "
                          "computer."));
    m_connect->setObjectName(u"connectButton"_s);
    m_buttons->addButton(m_demo, QDialogButtonBox::ResetRole);
    m_buttons->addButton(QDialogButtonBox::Cancel)->setAutoDefault(false);
    m_buttons->addButton(m_connect, QDialogButtonBox::AcceptRole);
    // Enter connects, wherever the focus is: the demo is only ever chosen on purpose. (Set once
    // the buttons are in the dialog, or it takes the first button for its default.)
    m_demo->setAutoDefault(false);
    m_connect->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Data centre"), m_region);
    form->addRow(tr("Server &address"), m_baseUrl);
    form->addRow(QString(), m_urlHint);
    form->addRow(tr("Account &id"), m_account);
    form->addRow(tr("API &token"), m_token);
    form->addRow(QString(), m_hint);
    form->addRow(tr("&Name (optional)"), m_name);
    LayoutFit::giveLabelsRoom(form);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    // Its height grows with what it says (a reason, problems): the layout sets the minimum
    // height, which resizes the dialog, and the wrapped lines ask for theirs (resizeEvent).
    setMinimumWidth(520);

    connect(m_region, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateUrlField);
    // What the dialog said of the form no longer holds once any of it changes.
    connect(m_region, &QComboBox::currentIndexChanged, this, &ConnectDialog::clearProblem);
    for (QLineEdit *field : {m_baseUrl, m_account, m_token, m_name})
        connect(field, &QLineEdit::textChanged, this, &ConnectDialog::clearProblem);
    connect(m_baseUrl, &QLineEdit::textChanged, this, &ConnectDialog::showCompletedAddress);
    connect(m_baseUrl, &QLineEdit::editingFinished, this, &ConnectDialog::completeAddress);
    for (QLineEdit *field : {m_baseUrl, m_account})
        connect(field, &QLineEdit::textChanged, this, &ConnectDialog::updateNameField);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::verify);
    connect(m_demo, &QPushButton::clicked, this, [this] {
        m_demoRequested = true;
        accept();
    });
    updateUrlField();
}

void ConnectDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    // Wrapped lines get the height their width needs; the dialog grows to hold them.
    for (QLabel *label : {m_reason, m_urlHint, m_hint, m_problem}) {
        const int needed = label->heightForWidth(label->width());
        if (label->minimumHeight() != needed)
            label->setMinimumHeight(needed);
    }
}

void ConnectDialog::updateUrlField()
{
    const QString url = m_region->currentData().toString();
    m_baseUrl->setEnabled(url.isEmpty());
    if (!url.isEmpty())
        m_baseUrl->setText(url);
    showCompletedAddress();
}

void ConnectDialog::showCompletedAddress()
{
    const QString typed = m_baseUrl->text().trimmed();
    const QUrl completed = Connection::baseUrlFromInput(typed);
    const bool differs = m_baseUrl->isEnabled() && !typed.isEmpty() && completed.isValid() &&
                         !completed.host().isEmpty() && completed.toString() != typed;
    m_urlHint->setText(differs ? tr("Connects to %1").arg(completed.toString()) : QString());
    m_urlHint->setVisible(differs);
}

void ConnectDialog::completeAddress()
{
    const QUrl completed = Connection::baseUrlFromInput(m_baseUrl->text());
    if (m_baseUrl->isEnabled() && completed.isValid() && !completed.host().isEmpty() &&
        completed.toString() != m_baseUrl->text())
        m_baseUrl->setText(completed.toString());
}

void ConnectDialog::updateNameField()
{
    const Connection typed = connection();
    const SavedConnection candidate{typed.baseUrl, typed.accountId};
    m_name->setPlaceholderText(candidate.defaultName());
    // Typed by the person: theirs to change. Else the name given goes with its connection.
    if (!m_name->isModified())
        m_name->setText(candidate == m_named ? m_named.name : QString());
}

void ConnectDialog::clearProblem()
{
    m_problem->clear();
    m_problem->hide();
}

void ConnectDialog::setConnection(const Connection &connection, const QString &name)
{
    m_named = {connection.baseUrl, connection.accountId, name};
    m_name->setText(name);
    const int region = m_region->findData(connection.baseUrl.toString());
    m_region->setCurrentIndex(region >= 0 ? region : m_region->count() - 1);
    m_baseUrl->setText(connection.baseUrl.toString());
    m_account->setText(connection.accountId);
    m_token->setText(connection.token);
    // Asked again for the token of a known connection: what is typed goes into the token.
    if (!connection.baseUrl.isEmpty() && !connection.accountId.isEmpty() &&
        connection.token.isEmpty())
        m_token->setFocus(Qt::OtherFocusReason);
}

Connection ConnectDialog::connection() const
{
    return {Connection::baseUrlFromInput(m_baseUrl->text()), m_account->text().trimmed(),
            m_token->text().trimmed()};
}

QString ConnectDialog::name() const
{
    return SavedConnection::cleanName(m_name->text());
}

void ConnectDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
}

void ConnectDialog::setKeychainAvailable(bool available)
{
    m_hint->setText(
        available ? tr("Create a token in Quantive under Settings → Integrations → API tokens. "
                       "It is kept in your system's keychain, never in plain files.")
                  : tr("Create a token in Quantive under Settings → Integrations → API tokens. "
                       "The system keychain cannot be used: the token is kept for this session "
                       "only."));
}

void ConnectDialog::showProblem(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_connect->setEnabled(true);
    m_connect->setText(tr("&Connect"));
}

bool ConnectDialog::checkLocally()
{
    const Connection candidate = connection();
    QStringList problems;
    QWidget *firstToFix = nullptr;
    const auto problem = [&](QWidget *field, const QString &text) {
        problems.append(text);
        if (!firstToFix)
            firstToFix = field;
    };
    const QString addressProblem = Connection::addressProblem(candidate.baseUrl);
    if (!addressProblem.isEmpty())
        problem(m_baseUrl->isEnabled() ? static_cast<QWidget *>(m_baseUrl) : m_region,
                addressProblem);
    if (candidate.accountId.isEmpty())
        problem(m_account, tr("The account id is missing."));
    else if (!ApiInput::isId(candidate.accountId))
        problem(m_account, tr("The account id is 24 hex digits (0–9, a–f); “%1” is not.")
                               .arg(candidate.accountId));
    if (candidate.token.isEmpty())
        problem(m_token, tr("The API token is missing."));
    else if (const QString tokenProblem = ApiInput::tokenProblem(candidate.token);
             !tokenProblem.isEmpty())
        problem(m_token, tokenProblem);
    if (const QString nameProblem = SavedConnection::nameProblem(m_name->text());
        !nameProblem.isEmpty())
        problem(m_name, nameProblem);
    if (problems.isEmpty())
        return true;
    showProblem(problems.join(u'\n'));
    firstToFix->setFocus(Qt::OtherFocusReason);
    return false;
}

void ConnectDialog::verify()
{
    completeAddress(); // what is checked is what the field shows
    if (!checkLocally())
        return;
    m_connect->setEnabled(false);
    m_connect->setText(tr("Checking…"));
    m_problem->hide();
    m_check->check(connection());
}

void ConnectDialog::showRefusal(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        return showProblem(tr("The server did not accept this API token. Check that "
                              "it is complete and has not been revoked."));
    case ApiError::Kind::Forbidden:
        return showProblem(tr("This token cannot open that account. Check the "
                              "account id, and the data centre."));
    default:
        return showProblem(error.toString());
    }
}
