#include "ui/wallet_model.h"
#include "ui/plain_tooltip.h"

#include "node/private_paths.h"
#include "node/wallet_file.h"
#include "wallet/address_discovery.h"
#include "wallet/mnemonic.h"

#include "ui/amount_text.h"
#include "ui/node_reasons.h"
#include "ui/node_thread.h"
#include "ui/wallet_messages.h"

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

} // namespace

WalletModel::WalletModel(NodeThread& node, QString filePath, wallet::KdfCost cost, QObject* parent)
    : QAbstractTableModel(parent)
    , node_(node)
    , filePath_(std::move(filePath))
    , cost_(cost) {
    idleLock_.setSingleShot(true);
    idleLock_.setInterval(std::chrono::minutes(15));
    connect(&idleLock_, &QTimer::timeout, this, &WalletModel::lock);
    // (A wallet in someone else's directory would be their keys shown as yours.)
    const QString folder = QFileInfo(filePath_).absolutePath();
    if (node::whyDirectoryIsNotPrivate(folder)) {
        loadError_ = tr("the folder %1 (or one above it) belongs to another user, or others "
                        "can change it, so its wallet is not opened; choose another data folder "
                        "in Settings")
                         .arg(folder);
        return;
    }
    fileLock_ = node::lockWalletFile(filePath_);
    if (!fileLock_) {
        loadError_ = tr("another MiniBitcoin (the app or minibitcoin-cli) is using %1: close it, "
                        "then start again")
                         .arg(filePath_);
        return;
    }
    if (!QFile::exists(filePath_))
        return;
    auto loaded = node::readWalletFile(filePath_);
    if (auto* e = std::get_if<node::WalletFileError>(&loaded)) {
        loadError_ =
            e->keystore ? tr("%1: %2").arg(filePath_, keystoreMessage(*e->keystore)) : e->message;
        return;
    }
    keystore_ = std::move(std::get<node::WalletFile>(loaded).keystore);
    book_ = std::move(std::get<node::WalletFile>(loaded).book);
}

QString WalletModel::save() {
    if (const QString why = node::writeWalletFile(filePath_, *keystore_, book_); !why.isEmpty())
        return tr("cannot write %1: %2").arg(filePath_, why);
    return {};
}

void WalletModel::resetRows(const std::function<void()>& change) {
    beginResetModel();
    change();
    endResetModel();
}

QString WalletModel::create(const QString& passphrase, const QString& words) {
    if (exists() || !loadError_.isEmpty())
        return tr("%1 already exists").arg(filePath_);
    if (passphrase.isEmpty())
        return tr("choose a passphrase: it protects the private keys");
    const Utf8Secret secret(passphrase);
    const Utf8Secret typed(words.isEmpty() ? newRecoveryWords(12) : words);
    auto normalized = wallet::normalizeMnemonic(typed.view());
    if (auto* e = std::get_if<wallet::MnemonicError>(&normalized))
        return mnemonicMessage(*e);
    std::string& canonical = std::get<std::string>(normalized);
    auto keystore = wallet::Keystore::createHierarchical(secret.view(), canonical, cost_);
    wallet::wipe(std::span(reinterpret_cast<std::uint8_t*>(canonical.data()), canonical.size()));
    return adopt(std::move(keystore));
}

QString WalletModel::adopt(wallet::Keystore keystore) {
    if (exists() || !loadError_.isEmpty())
        return tr("%1 already exists").arg(filePath_);
    resetRows([&] { keystore_ = std::move(keystore); });
    if (QString why = save(); !why.isEmpty()) {
        resetRows([&] { keystore_.reset(); });
        return why;
    }
    lockAt_ = 0;
    used();
    emit lockChanged();
    refreshBalances();
    return {};
}

QString WalletModel::newRecoveryWords(int count) {
    std::string words = wallet::generateMnemonic(count);
    const QString out = QString::fromStdString(words);
    wallet::wipe(std::span(reinterpret_cast<std::uint8_t*>(words.data()), words.size()));
    return out;
}

void WalletModel::restore(const QString& words, const QString& passphrase,
                          std::function<void(QString)> done) {
    if (exists() || !loadError_.isEmpty())
        return done(tr("%1 already exists").arg(filePath_));
    if (passphrase.isEmpty())
        return done(tr("choose a passphrase: it protects the private keys"));
    const Utf8Secret typed(words);
    auto normalized = wallet::normalizeMnemonic(typed.view());
    if (auto* e = std::get_if<wallet::MnemonicError>(&normalized))
        return done(mnemonicMessage(*e));
    // Derivation and the address lookups run on the node's thread, where the index is.
    using Restored = std::variant<wallet::Keystore, wallet::KeystoreError>;
    auto secrets = std::make_shared<std::pair<std::string, std::string>>(
        std::move(std::get<std::string>(normalized)), Utf8Secret(passphrase).view());
    node_.ask<std::shared_ptr<Restored>>(
        [secrets, cost = cost_](node::NodeInterface& n) {
            const wallet::UsedAddresses used = [&n](const std::vector<PubKeyHash>& addresses) {
                std::vector<bool> out;
                for (const PubKeyHash& a : addresses)
                    out.push_back(n.address(a).txCount > 0);
                return out;
            };
            auto restored = std::make_shared<Restored>(
                wallet::restoreKeystore(secrets->second, secrets->first, used, cost));
            for (std::string* s : {&secrets->first, &secrets->second})
                wallet::wipe(std::span(reinterpret_cast<std::uint8_t*>(s->data()), s->size()));
            return restored;
        },
        this,
        [this, done](const std::shared_ptr<Restored>& restored) {
            if (auto* e = std::get_if<wallet::KeystoreError>(restored.get()))
                return done(keystoreMessage(*e));
            done(adopt(std::move(std::get<wallet::Keystore>(*restored))));
        });
}

QString WalletModel::recoveryWords(const QString& passphrase, QString* words) const {
    used();
    if (!exists())
        return tr("there is no wallet yet");
    const Utf8Secret secret(passphrase);
    auto shown = keystore_->recoveryWords(secret.view());
    if (auto* e = std::get_if<wallet::KeystoreError>(&shown))
        return keystoreMessage(*e);
    std::string& text = std::get<std::string>(shown);
    *words = QString::fromStdString(text);
    wallet::wipe(std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
    return {};
}

QString WalletModel::unlock(const QString& passphrase) {
    if (!exists())
        return tr("there is no wallet yet");
    const Utf8Secret secret(passphrase);
    if (auto e = keystore_->unlock(secret.view()))
        return keystoreMessage(*e);
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
        return keystoreMessage(*e);
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
        return keystoreMessage(*e);
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
        return keystoreMessage(*e);
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
        return keystoreMessage(*e);
    *privateKeyHex = QString::fromStdString(std::get<PrivateKey>(key).hex());
    return {};
}

QString WalletModel::labelOf(const PubKeyHash& address) const {
    if (const wallet::KeyEntry* e = keystore_ ? keystore_->find(address) : nullptr)
        return QString::fromStdString(e->label);
    const wallet::Contact* c = book_.contact(address);
    return c ? QString::fromStdString(c->label) : QString();
}

QString WalletModel::setContact(const QString& label, const QString& address) {
    if (!keystore_)
        return tr("there is no wallet yet");
    const auto hash = PubKeyHash::fromHex(address.trimmed().toLower().toStdString());
    if (!hash)
        return tr("the address must be 40 hex digits (a pubkey hash)");
    const wallet::WalletBook before = book_;
    if (auto why = book_.setContact(label.trimmed().toStdString(), *hash))
        return label.trimmed().isEmpty() ? tr("a contact needs a name")
                                         : QString::fromStdString(*why);
    if (QString why = save(); !why.isEmpty()) {
        book_ = before;
        return why;
    }
    emit contactsChanged();
    return {};
}

QString WalletModel::removeContact(const QString& address) {
    const auto hash = PubKeyHash::fromHex(address.toStdString());
    if (!keystore_ || !hash || !book_.contact(*hash))
        return tr("choose a contact first");
    const wallet::WalletBook before = book_;
    std::erase_if(book_.contacts, [&](const wallet::Contact& c) { return c.address == *hash; });
    if (QString why = save(); !why.isEmpty()) {
        book_ = before;
        return why;
    }
    emit contactsChanged();
    return {};
}

QString WalletModel::setFrozen(const OutPoint& coin, bool frozen) {
    if (!keystore_)
        return tr("there is no wallet yet");
    if (frozen && book_.full(book_.frozen.size()))
        return tr("at most %1 coins can be frozen").arg(wallet::WalletBook::kMaxEntries);
    const wallet::WalletBook before = book_;
    if (frozen)
        book_.frozen.insert(coin);
    else
        book_.frozen.erase(coin);
    if (QString why = save(); !why.isEmpty()) {
        book_ = before;
        return why;
    }
    emit frozenChanged();
    emit coinsChanged();
    return {};
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
    coins_ = view.coins;
    tipHeight_ = view.tipHeight;
    confirmedTotal_ = view.confirmedTotal();
    pendingTotal_ = view.pendingTotal();
    if (rowCount() > 0)
        emit dataChanged(index(0, BalanceColumn), index(rowCount() - 1, PendingColumn));
    announceReceivedCoins(view.coins);
    emit balancesChanged();
    emit coinsChanged();
    announcePaidRequests();
}

int WalletModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !keystore_ ? 0 : int(keystore_->keys().size());
}

int WalletModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WalletModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::ToolTipRole)
        return plainToolTip(*this, index);
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
