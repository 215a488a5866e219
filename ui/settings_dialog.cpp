#include "ui/settings_dialog.h"

#include "node/node_config.h"
#include "ui/page.h"
#include "ui/translations.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QThread>

namespace mbc::ui {

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , network_(new QComboBox(this))
    , dataDir_(new QLineEdit(this))
    , databaseUrl_(new QLineEdit(this))
    , host_(new QLineEdit(this))
    , port_(new QSpinBox(this))
    , peers_(new QLineEdit(this))
    , threads_(new QSpinBox(this))
    , lockMinutes_(new QSpinBox(this))
    , language_(new QComboBox(this))
    , note_(new QLabel(this))
    , error_(new QLabel(this))
    , buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Settings"));
    setObjectName("settingsDialog");
    network_->setObjectName("settingsNetwork");
    network_->addItem(tr("default (main, or as the environment says)"), QString());
    network_->addItem(tr("main"), "main");
    network_->addItem(tr("regtest (instant blocks, for demos)"), "regtest");
    dataDir_->setObjectName("settingsDataDir");
    dataDir_->setPlaceholderText(tr("default: the platform's app-data folder"));
    databaseUrl_->setObjectName("settingsDatabaseUrl");
    databaseUrl_->setPlaceholderText(tr("empty: SQLite in the data folder; or postgresql://..."));
    host_->setObjectName("settingsHost");
    host_->setPlaceholderText(tr("default: 127.0.0.1 (0.0.0.0 lets other machines in)"));
    port_->setObjectName("settingsPort");
    port_->setRange(0, 65535);
    port_->setSpecialValueText(tr("default (8000)"));
    peers_->setObjectName("settingsPeers");
    peers_->setPlaceholderText(tr("http://host:port, comma-separated"));
    threads_->setObjectName("settingsThreads");
    threads_->setRange(0, std::max(1, QThread::idealThreadCount()) * 4);
    threads_->setSpecialValueText(tr("default (all cores)"));
    lockMinutes_->setObjectName("settingsLockMinutes");
    lockMinutes_->setRange(1, 24 * 60);
    lockMinutes_->setSuffix(tr(" min"));
    lockMinutes_->setToolTip(tr("An unlocked wallet locks itself after this long without use."));
    language_->setObjectName("settingsLanguage");
    language_->addItem(tr("the system's"), QString());
    language_->addItem("English", "en");
    language_->addItem("Deutsch", "de");
    language_->addItem("Español", "es");
    note_->setWordWrap(true);
    note_->setText(tr("The language and the wallet's lock change at once; the node's settings "
                      "apply when MiniBitcoin starts again. Flags and environment variables "
                      "still win over them."));
    error_->setObjectName("settingsError");
    error_->setWordWrap(true);

    auto* form = new QFormLayout(this);
    form->addRow(tr("Network:"), network_);
    form->addRow(tr("Data folder:"), dataDir_);
    form->addRow(tr("Database URL:"), databaseUrl_);
    form->addRow(tr("REST bind address:"), host_);
    form->addRow(tr("REST port:"), port_);
    form->addRow(tr("Peers:"), peers_);
    form->addRow(tr("Mining threads:"), threads_);
    form->addRow(tr("Lock the wallet after:"), lockMinutes_);
    form->addRow(tr("Language:"), language_);
    form->addRow(note_);
    form->addRow(error_);
    form->addRow(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    const AppSettings s = AppSettings::load();
    network_->setCurrentIndex(std::max(0, network_->findData(s.network)));
    dataDir_->setText(s.dataDir);
    databaseUrl_->setText(s.databaseUrl);
    host_->setText(s.host);
    port_->setValue(s.port);
    peers_->setText(s.bootstrapPeers);
    threads_->setValue(s.miningThreads);
    lockMinutes_->setValue(s.walletLockMinutesOrDefault());
    language_->setCurrentIndex(std::max(0, language_->findData(s.language)));
}

AppSettings SettingsDialog::edited(QString* why) const {
    AppSettings s;
    s.network = network_->currentData().toString();
    s.dataDir = dataDir_->text().trimmed();
    s.databaseUrl = databaseUrl_->text().trimmed();
    s.host = host_->text().trimmed();
    s.port = port_->value();
    s.miningThreads = threads_->value();
    s.walletLockMinutes =
        lockMinutes_->value() == AppSettings::kDefaultWalletLockMinutes ? 0 : lockMinutes_->value();
    s.language = language_->currentData().toString();
    QStringList peers;
    for (const QString& part : peers_->text().split(',', Qt::SkipEmptyParts)) {
        const auto url = node::normalizePeerUrl(part.trimmed());
        if (!url) {
            *why = tr("Peers: \"%1\" is not a node's address (use http://host:port).")
                       .arg(part.trimmed());
            return s;
        }
        peers << *url;
    }
    s.bootstrapPeers = peers.join(',');
    if (!s.databaseUrl.isEmpty() && !s.databaseUrl.startsWith("postgresql://") &&
        !s.databaseUrl.startsWith("postgres://")) {
        *why = tr("Database URL: leave it empty for SQLite, or give a postgresql:// URL.");
        return s;
    }
    return s;
}

void SettingsDialog::accept() {
    QString why;
    const AppSettings s = edited(&why);
    if (!why.isEmpty())
        return showOutcome(error_, why, true);
    if (const QString failed = s.save(); !failed.isEmpty())
        return showOutcome(error_, failed, true);
    applyLanguage(s.language);
    emit saved(s);
    QDialog::accept();
}

} // namespace mbc::ui
