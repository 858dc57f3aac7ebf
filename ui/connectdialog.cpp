#include "connectdialog.h"

#include "apiinput.h"
#include "kpigroupsclient.h"
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
    , m_hint(new QLabel)
    , m_problem(new QLabel)
    , m_demo(new QPushButton(tr("Try the &demo")))
    , m_connect(new QPushButton(tr("&Connect")))
    , m_buttons(new QDialogButtonBox)
{
    setObjectName(u"connectDialog"_s);
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
    form->addRow(tr("Account &id"), m_account);
    form->addRow(tr("API &token"), m_token);
    form->addRow(QString(), m_hint);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    // Its height grows with what it says (a reason, problems): the layout sets the minimum
    // height, which resizes the dialog, and the wrapped lines ask for theirs (resizeEvent).
    setMinimumWidth(520);

    connect(m_region, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateUrlField);
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
    for (QLabel *label : {m_reason, m_hint, m_problem}) {
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
}

void ConnectDialog::setConnection(const Connection &connection)
{
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
    return {QUrl::fromUserInput(m_baseUrl->text().trimmed()), m_account->text().trimmed(),
            m_token->text().trimmed()};
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
    if (problems.isEmpty())
        return true;
    showProblem(problems.join(u'\n'));
    firstToFix->setFocus(Qt::OtherFocusReason);
    return false;
}

void ConnectDialog::verify()
{
    if (!checkLocally())
        return;
    const Connection candidate = connection();
    if (!m_verifier) {
        m_ownVerifier = new KpiGroupsClient(this);
        m_verifier = m_ownVerifier;
    }
    m_verifier->setConnection(candidate);
    m_connect->setEnabled(false);
    m_connect->setText(tr("Checking…"));
    m_problem->hide();
    ListQuery one;
    one.take = 1;
    one.fields = u"id"_s;
    GroupListCall *call = m_verifier->listGroups(one);
    connect(call, &ApiCall::succeeded, this, [this] {
        showProblem({});
        accept();
    });
    connect(call, &ApiCall::failed, this, [this](const ApiError &error) {
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
    });
}
