#include "ui/wallet_model.h"

#include "node/wallet_file.h"

#include "ui/amount_text.h"
#include "ui/node_reasons.h"
#include "ui/node_thread.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <set>

namespace mbc::ui {
namespace {

// A passphrase as UTF-8, wiped when done.
struct Utf8Secret {
    QByteArray bytes;
    explicit Utf8Secret(const QString& text)
        : bytes(text.toUtf8()) {}
    ~Utf8Secret() {
        wallet::wipe(
            std::span(reinterpret_cast<std::uint8_t*>(bytes.data()), std::size_t(bytes.size())));
    }
    std::string_view view() const { return {bytes.constData(), std::size_t(bytes.size())}; }
};

// The keystore's refusals in the app's language (the keystore itself speaks English).
QString messageOf(const wallet::KeystoreError& e) {
    using Kind = wallet::KeystoreError::Kind;
    switch (e.kind) {
    case Kind::WrongPassphrase:
        return WalletModel::tr("wrong passphrase (or the wallet file was changed)");
    case Kind::Locked:
        return WalletModel::tr("the wallet is locked: unlock it first");
    case Kind::Duplicate:
        return WalletModel::tr("the wallet already has this key");
    case Kind::InvalidKey:
        return WalletModel::tr(
            "a private key is 64 hex digits, a number between 1 and the curve order");
    case Kind::UnknownAddress:
        return WalletModel::tr("the wallet has no key for this address");
    case Kind::NoRecoveryWords:
        return WalletModel::tr("this wallet was made before recovery words: back up its file "
                               "instead");
    case Kind::Corrupt:
        break;
    }
    return WalletModel::tr("the wallet file is damaged or not a MiniBitcoin keystore (%1)")
        .arg(QString::fromStdString(e.message));
}

} // namespace

WalletModel::WalletModel(NodeThread& node, QString filePath, wallet::KdfCost cost, QObject* parent)
    : QAbstractTableModel(parent)
    , node_(node)
    , filePath_(std::move(filePath))
    , cost_(cost) {
    idleLock_.setSingleShot(true);
    idleLock_.setInterval(std::chrono::minutes(15));
    connect(&idleLock_, &QTimer::timeout, this, &WalletModel::lock);
    QFile file(filePath_);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        loadError_ = tr("cannot read %1: %2").arg(filePath_, file.errorString());
        return;
    }
    auto loaded = wallet::Keystore::fromJson(file.readAll().toStdString());
    if (auto* e = std::get_if<wallet::KeystoreError>(&loaded))
        loadError_ = tr("%1: %2").arg(filePath_, messageOf(*e));
    else
        keystore_ = std::move(std::get<wallet::Keystore>(loaded));
}

QString WalletModel::save() {
    if (const QString why = node::writeWalletFile(filePath_, *keystore_); !why.isEmpty())
        return tr("cannot write %1: %2").arg(filePath_, why);
    return {};
}

void WalletModel::resetRows(const std::function<void()>& change) {
    beginResetModel();
    change();
    endResetModel();
}

QString WalletModel::create(const QString& passphrase) {
    if (exists() || !loadError_.isEmpty())
        return tr("%1 already exists").arg(filePath_);
    if (passphrase.isEmpty())
        return tr("choose a passphrase: it protects the private keys");
    const Utf8Secret secret(passphrase);
    resetRows([&] { keystore_ = wallet::Keystore::create(secret.view(), cost_); });
    if (QString why = save(); !why.isEmpty()) {
        resetRows([&] { keystore_.reset(); });
        return why;
    }
    used();
    emit lockChanged();
    return {};
}

QString WalletModel::unlock(const QString& passphrase) {
    if (!exists())
        return tr("there is no wallet yet");
    const Utf8Secret secret(passphrase);
    if (auto e = keystore_->unlock(secret.view()))
        return messageOf(*e);
    lockAt_ = 0; // the passphrase was just given: the clock starts now
    used();
    emit lockChanged();
    return {};
}

void WalletModel::lock() {
    idleLock_.stop();
    lockAt_ = 0;
    if (!keystore_ || keystore_->locked())
        return;
    keystore_->lock();
    emit lockChanged();
}

void WalletModel::setIdleLock(std::chrono::milliseconds idle) {
    idleLock_.setInterval(idle);
    used();
}

// The timer does not count time the machine slept; the wall clock does: a wallet used after
// waking past its deadline locks first (and the use finds it locked).
void WalletModel::used() const {
    if (locked())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (lockAt_ > 0 && now >= lockAt_) {
        const_cast<WalletModel*>(this)->lock(); // locking is not a change the caller sees
        return;
    }
    lockAt_ = now + idleLock_.interval();
    idleLock_.start();
}

QString WalletModel::saveOrUndo(const wallet::Keystore& before) {
    QString why = save();
    if (!why.isEmpty()) // nothing may show as kept that the file does not keep
        resetRows([&] { *keystore_ = before; });
    return why;
}

QString WalletModel::changePassphrase(const QString& current, const QString& fresh) {
    used();
    if (!exists())
        return tr("there is no wallet yet");
    if (fresh.isEmpty())
        return tr("choose a passphrase: it protects the private keys");
    const Utf8Secret a(current), b(fresh);
    const wallet::Keystore before = *keystore_;
    if (auto e = keystore_->changePassphrase(a.view(), b.view()))
        return messageOf(*e);
    return saveOrUndo(before);
}

QString WalletModel::newAddress(const QString& label, QString* address) {
    used();
    if (!exists())
        return tr("there is no wallet yet");
    const wallet::Keystore before = *keystore_;
    std::variant<wallet::KeyEntry, wallet::KeystoreError> added = wallet::KeystoreError{};
    resetRows([&] { added = keystore_->newKey(label.toStdString()); });
    if (auto* e = std::get_if<wallet::KeystoreError>(&added))
        return messageOf(*e);
    if (QString why = saveOrUndo(before); !why.isEmpty())
        return why;
    if (address)
        *address = QString::fromStdString(std::get<wallet::KeyEntry>(added).address.hex());
    refreshBalances();
    return {};
}

QString WalletModel::importKey(const QString& privateKeyHex, const QString& label) {
    used();
    if (!exists())
        return tr("there is no wallet yet");
    const Utf8Secret secret(privateKeyHex);
    const wallet::Keystore before = *keystore_;
    std::variant<wallet::KeyEntry, wallet::KeystoreError> added = wallet::KeystoreError{};
    resetRows([&] { added = keystore_->importKey(secret.view(), label.toStdString()); });
    if (auto* e = std::get_if<wallet::KeystoreError>(&added))
        return messageOf(*e);
    if (QString why = saveOrUndo(before); !why.isEmpty())
        return why;
    refreshBalances();
    return {};
}

QString WalletModel::exportKey(const QString& address, QString* privateKeyHex) const {
    used();
    if (!exists())
        return tr("there is no wallet yet");
    const auto hash = PubKeyHash::fromHex(address.toStdString());
    if (!hash)
        return tr("%1 is not an address").arg(address);
    auto key = keystore_->privateKey(*hash);
    if (auto* e = std::get_if<wallet::KeystoreError>(&key))
        return messageOf(*e);
    *privateKeyHex = QString::fromStdString(std::get<PrivateKey>(key).hex());
    return {};
}

void WalletModel::preparePayment(const QString& from, const QString& to, Amount amount, Amount fee,
                                 std::function<void(Prepared)> done) {
    used();
    const auto fromHash = PubKeyHash::fromHex(from.toStdString());
    const auto toHash = PubKeyHash::fromHex(to.trimmed().toLower().toStdString());
    if (!toHash)
        return done(tr("the recipient's address must be 40 hex digits (a pubkey hash)"));
    if (!fromHash || !keystore_ || !keystore_->find(*fromHash))
        return done(tr("choose one of the wallet's addresses to pay from"));
    if (amount <= 0)
        return done(tr("the amount must be more than zero"));
    auto key = keystore_->privateKey(*fromHash);
    if (auto* e = std::get_if<wallet::KeystoreError>(&key))
        return done(messageOf(*e));
    const PrivateKey signer = std::get<PrivateKey>(key);
    node_.ask<std::vector<wallet::SpendableCoin>>(
        [from = *fromHash](node::NodeInterface& n) {
            return wallet::spendableCoins(
                n.wallet({from}, node::NodeInterface::WalletQuery::Coins).coins, from);
        },
        this,
        [signer, to = *toHash, amount, fee, done](std::vector<wallet::SpendableCoin> coins) {
            auto built = wallet::buildPayment(signer, coins, to, amount, fee);
            if (auto* e = std::get_if<wallet::PaymentError>(&built)) {
                if (e->need >= 0)
                    return done(tr("insufficient funds: the address has %1 coins to spend, the "
                                   "payment needs %2 (amount and fee)")
                                    .arg(coinsText(e->have), coinsText(e->need)));
                return done(QString::fromStdString(e->message));
            }
            done(std::get<wallet::Payment>(std::move(built)));
        });
}

void WalletModel::submitPayment(const Transaction& tx, std::function<void(QString, QString)> done) {
    node_.ask<Result<Hash256>>([tx](node::NodeInterface& n) { return n.submitTransaction(tx); },
                               this,
                               [this, done](Result<Hash256> r) {
                                   refreshBalances();
                                   if (!r)
                                       return done({}, NodeReasons::rejection(r.failure()));
                                   done(QString::fromStdString(r->hex()), {});
                               });
}

void WalletModel::feeEstimate(std::function<void(Amount, QString)> done) {
    node_.ask<node::FeeQuote>(
        [](node::NodeInterface& n) { return n.feeQuote(); }, this,
        [done](node::FeeQuote q) { done(q.typicalTxFee, QString::fromStdString(q.basis)); });
}

void WalletModel::history(std::function<void(QVector<QStringList>)> done) {
    if (!keystore_)
        return done({});
    node_.ask<wallet::WalletView>(
        [addresses = addresses()](node::NodeInterface& n) {
            return n.wallet(addresses, node::NodeInterface::WalletQuery::WithHistory);
        },
        this,
        [done](const wallet::WalletView& view) {
            QVector<QStringList> rows;
            for (const wallet::WalletTx& t : view.history) {
                const QString txid = QString::fromStdString(t.txid.hex());
                if (t.height)
                    rows.push_back({txid, QString::number(*t.height),
                                    QString::number(view.tipHeight - qint64(*t.height) + 1),
                                    coinsText(t.net)});
                else
                    rows.push_back({txid, tr("pending"), "0", coinsText(t.net)});
            }
            done(rows);
        });
}

std::vector<PubKeyHash> WalletModel::addresses() const {
    std::vector<PubKeyHash> out;
    if (keystore_)
        for (const wallet::KeyEntry& e : keystore_->keys())
            out.push_back(e.address);
    return out;
}

QString WalletModel::addressAt(int row) const {
    if (!keystore_ || row < 0 || row >= rowCount())
        return {};
    return QString::fromStdString(keystore_->keys()[std::size_t(row)].address.hex());
}

void WalletModel::refreshBalances() {
    if (!keystore_)
        return;
    node_.ask<wallet::WalletView>(
        [addresses = addresses()](node::NodeInterface& n) {
            return n.wallet(addresses, node::NodeInterface::WalletQuery::Coins);
        },
        this, [this](const wallet::WalletView& view) { takeBalances(view); });
}

void WalletModel::takeBalances(const wallet::WalletView& view) {
    balances_ = view.balances;
    confirmedTotal_ = view.confirmedTotal();
    pendingTotal_ = view.pendingTotal();
    if (rowCount() > 0)
        emit dataChanged(index(0, BalanceColumn), index(rowCount() - 1, PendingColumn));
    emit balancesChanged();
}

int WalletModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !keystore_ ? 0 : int(keystore_->keys().size());
}

int WalletModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WalletModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const wallet::KeyEntry& e = keystore_->keys()[std::size_t(index.row())];
    const auto b = balances_.find(e.address);
    if (role == Qt::TextAlignmentRole && index.column() >= BalanceColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case LabelColumn:
        return QString::fromStdString(e.label);
    case AddressColumn:
        return QString::fromStdString(e.address.hex());
    case BalanceColumn:
        return coinsText(b == balances_.end() ? 0 : b->second.confirmed);
    case PendingColumn:
        return coinsText(b == balances_.end() ? 0 : b->second.pending);
    }
    return {};
}

QVariant WalletModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LabelColumn:
        return tr("Label");
    case AddressColumn:
        return tr("Address");
    case BalanceColumn:
        return tr("Confirmed");
    case PendingColumn:
        return tr("Pending");
    }
    return {};
}

Qt::ItemFlags WalletModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == LabelColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool WalletModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != LabelColumn || role != Qt::EditRole ||
        index.row() >= rowCount())
        return false;
    const PubKeyHash address = keystore_->keys()[std::size_t(index.row())].address;
    const wallet::Keystore before = *keystore_;
    if (keystore_->setLabel(address, value.toString().toStdString()) ||
        !saveOrUndo(before).isEmpty())
        return false;
    emit dataChanged(index, index);
    return true;
}

} // namespace mbc::ui
