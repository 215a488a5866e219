#include "ui/settings_dialog.h"

#include "node/node_settings.h"
#include "ui/page.h"
#include "ui/translations.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>
#include <limits>

namespace mbc::ui {
namespace {

// How the dialog words a node setting, in the user's language.
struct FieldText {
    QString label;
    QString hint;            // placeholder, or what "default" means
    QStringList choiceNames; // for a choice, its options in order
};

FieldText fieldText(const node::Setting& s) {
    if (s.env == "NETWORK")
        return {SettingsDialog::tr("Network:"),
                SettingsDialog::tr("default (main, or as the environment says)"),
                {SettingsDialog::tr("main"),
                 SettingsDialog::tr("regtest (instant blocks, for demos)")}};
    if (s.env == "DATA_DIR")
        return {SettingsDialog::tr("Data folder:"),
                SettingsDialog::tr("default: the platform's app-data folder"),
                {}};
    if (s.env == "DATABASE_URL")
        return {SettingsDialog::tr("Database URL:"),
                SettingsDialog::tr("empty: SQLite in the data folder; or postgresql://..."),
                {}};
    if (s.env == "NODE_HOST")
        return {SettingsDialog::tr("REST bind address:"),
                SettingsDialog::tr("default: 127.0.0.1 (0.0.0.0 lets other machines in)"),
                {}};
    if (s.env == "NODE_PORT")
        return {SettingsDialog::tr("REST port:"), SettingsDialog::tr("default (8000)"), {}};
    if (s.env == "BOOTSTRAP_PEERS")
        return {SettingsDialog::tr("Peers:"),
                SettingsDialog::tr("http://host:port, comma-separated"),
                {}};
    if (s.env == "MINING_THREADS")
        return {
            SettingsDialog::tr("Mining threads:"), SettingsDialog::tr("default (all cores)"), {}};
    return {s.env + ':', QString(s.defaultText).remove('`'), {}}; // a setting new to the dialog
}

QWidget* makeField(const node::Setting& s, const FieldText& text, const QString& value,
                   QWidget* parent) {
    QString key = s.settingsKey;
    key[0] = key[0].toUpper();
    QWidget* field = nullptr;
    switch (s.kind) {
    case node::Setting::Kind::Choice:
    case node::Setting::Kind::Flag: {
        auto* box = new QComboBox(parent);
        box->addItem(text.hint, QString());
        for (int i = 0; i < s.choices.size(); ++i)
            box->addItem(i < text.choiceNames.size() ? text.choiceNames[i] : s.choices[i],
                         s.choices[i]);
        box->setCurrentIndex(std::max(0, box->findData(value)));
        field = box;
        break;
    }
    case node::Setting::Kind::Integer: {
        auto* spin = new QSpinBox(parent);
        spin->setRange(0, int(std::min<qint64>(s.max, std::numeric_limits<int>::max())));
        spin->setSpecialValueText(text.hint); // 0: the default
        spin->setValue(value.toInt());
        field = spin;
        break;
    }
    case node::Setting::Kind::Text: {
        auto* line = new QLineEdit(value, parent);
        line->setPlaceholderText(text.hint);
        field = line;
        break;
    }
    }
    field->setObjectName("settings" + key);
    field->setToolTip(QString(s.help).remove('`'));
    return field;
}

// Why a value the node would refuse is wrong, in the user's language where the dialog knows the
// setting (the node's own words otherwise).
QString refusal(const node::Setting& s, const QString& value, const QString& nodeReason) {
    if (s.env == "BOOTSTRAP_PEERS")
        for (const QString& part : value.split(',', Qt::SkipEmptyParts))
            if (!node::normalizePeerUrl(part.trimmed()))
                return SettingsDialog::tr(
                           "Peers: \"%1\" is not a node's address (use http://host:port).")
                    .arg(part.trimmed());
    if (s.env == "DATABASE_URL") // not repeated: it may hold a password
        return SettingsDialog::tr(
            "Database URL: leave it empty for SQLite, or give a postgresql:// URL.");
    if (s.env == "NODE_HOST")
        return SettingsDialog::tr("REST bind address: \"%1\" is not an IP address (try "
                                  "127.0.0.1, or 0.0.0.0 for every interface).")
            .arg(value);
    return QStringLiteral("%1 %2").arg(fieldText(s).label, nodeReason);
}

QString valueOf(const QWidget* field) {
    if (const auto* box = qobject_cast<const QComboBox*>(field))
        return box->currentData().toString();
    if (const auto* spin = qobject_cast<const QSpinBox*>(field))
        return spin->value() == 0 ? QString() : QString::number(spin->value());
    return static_cast<const QLineEdit*>(field)->text().trimmed();
}

} // namespace

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , lockMinutes_(new QSpinBox(this))
    , language_(new QComboBox(this))
    , note_(new QLabel(this))
    , error_(new QLabel(this))
    , buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Settings"));
    setObjectName("settingsDialog");
    setMinimumWidth(560); // the placeholders say what empty means: room to read them
    const AppSettings saved = AppSettings::load();
    auto* form = new QFormLayout(this);
    for (const node::Setting& s : node::nodeSettings()) {
        if (s.settingsKey.isEmpty())
            continue;
        const FieldText text = fieldText(s);
        QWidget* field = makeField(s, text, saved.nodeValue(s.env), this);
        nodeFields_.insert(s.env, field);
        form->addRow(text.label, field);
    }
    lockMinutes_->setObjectName("settingsLockMinutes");
    lockMinutes_->setRange(1, 24 * 60);
    lockMinutes_->setSuffix(tr(" min"));
    lockMinutes_->setToolTip(tr("An unlocked wallet locks itself after this long without use."));
    lockMinutes_->setValue(saved.walletLockMinutesOrDefault());
    language_->setObjectName("settingsLanguage");
    language_->addItem(tr("the system's"), QString());
    language_->addItem("English", "en");
    language_->addItem("Deutsch", "de");
    language_->addItem("Español", "es");
    language_->setCurrentIndex(std::max(0, language_->findData(saved.language)));
    note_->setWordWrap(true);
    note_->setText(tr("The language and the wallet's lock change at once; the node's settings "
                      "apply when MiniBitcoin starts again. Flags and environment variables "
                      "still win over them."));
    error_->setObjectName("settingsError");
    error_->setWordWrap(true);

    form->addRow(tr("Lock the wallet after:"), lockMinutes_);
    form->addRow(tr("Language:"), language_);
    form->addRow(note_);
    form->addRow(error_);
    form->addRow(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

AppSettings SettingsDialog::edited(QString* why) const {
    AppSettings s;
    s.walletLockMinutes =
        lockMinutes_->value() == AppSettings::kDefaultWalletLockMinutes ? 0 : lockMinutes_->value();
    s.language = language_->currentData().toString();
    for (auto it = nodeFields_.begin(); it != nodeFields_.end(); ++it) {
        const QString value = valueOf(it.value());
        if (value.isEmpty())
            continue;
        // Checked as the node will read it.
        const node::Setting& setting = *node::findSetting(it.key());
        node::NodeConfig scratch;
        if (const auto wrong = setting.read(scratch, value)) {
            *why = refusal(setting, value, *wrong);
            return s;
        }
        s.node.insert(it.key(), value);
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
