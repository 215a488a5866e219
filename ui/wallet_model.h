#pragma once

#include "consensus/primitives/amount.h"
#include "wallet/keystore.h"
#include "wallet/payment_builder.h"
#include "wallet/wallet_accounting.h"
#include "wallet/wallet_book.h"
#include "wallet/wallet_history.h"

#include <QAbstractTableModel>
#include <QLockFile>
#include <QString>
#include <QTimer>

#include <chrono>

#include <functional>
#include <map>
#include <optional>
#include <set>

namespace mbc::ui {

class NodeThread;

// The wallet as the GUI sees it (in the spirit of Bitcoin Core's WalletModel): the keystore
// file in the data directory, its keys as table rows (label, address, confirmed and pending
// balance from the node), and what may be done with them. Every method that can fail returns
// the reason for the user, or an empty string.
class WalletModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { LabelColumn, AddressColumn, BalanceColumn, PendingColumn, ColumnCount };

    WalletModel(NodeThread& node, QString filePath, wallet::KdfCost cost = {},
                QObject* parent = nullptr);

    const QString& filePath() const { return filePath_; }
    bool exists() const { return keystore_.has_value(); }
    bool locked() const { return !keystore_ || keystore_->locked(); }
    // Why the file could not be read (it is then left untouched), or empty.
    const QString& loadError() const { return loadError_; }

    // An unlocked wallet locks itself after `idle` without use (each use restarts the clock).
    void setIdleLock(std::chrono::milliseconds idle);
    std::chrono::milliseconds idleLock() const { return idleLock_.intervalAsDuration(); }

    // A new wallet for recovery words (new ones if `words` is empty), with no address yet.
    QString create(const QString& passphrase, const QString& words = {});
    // Recovery words for a new wallet (12 or 24), to show before create().
    static QString newRecoveryWords(int count);
    // A wallet from recovery words: the node is asked which of their addresses the chain shows
    // used, and every one up to a gap of 20 unused is kept; `done` gets why not, or an empty
    // string, on the GUI thread.
    void restore(const QString& words, const QString& passphrase,
                 std::function<void(QString error)> done);
    bool hasRecoveryWords() const { return keystore_ && keystore_->hierarchical(); }
    // A copy of the wallet file at `path`, written whole (keys sealed as they are).
    QString backupTo(const QString& path) const;
    // The wallet from a backup file (when there is none yet), once its passphrase opens it:
    // then it is copied into place, unlocked.
    QString restoreFromFile(const QString& path, const QString& passphrase);
    // A signed message (wallet/message_signature.h) with one of the wallet's addresses.
    QString signMessage(const QString& address, const QString& message, QString* signature) const;
    // Why the signature does not prove that `address` signed `message`, or an empty string.
    static QString verifyMessage(const QString& address, const QString& message,
                                 const QString& signature);
    // The recovery words, for whoever knows the passphrase.
    QString recoveryWords(const QString& passphrase, QString* words) const;
    QString unlock(const QString& passphrase);
    void lock();
    QString changePassphrase(const QString& current, const QString& fresh);
    QString newAddress(const QString& label, QString* address = nullptr);
    QString importKey(const QString& privateKeyHex, const QString& label);
    QString exportKey(const QString& address, QString* privateKeyHex) const;

    // A signed payment to every recipient in one transaction, from the wallet's coins that no
    // unconfirmed tx spends and that are not frozen (the node is asked for them): the ones in
    // `chosen` exactly, or else as many as the wallet picks. Change goes to the next change
    // address (kept once the payment is sent), or the first address of a wallet without
    // recovery words. `done` gets it, or why not, on the GUI thread. Needs the wallet unlocked.
    struct Recipient {
        QString address;
        Amount amount = 0;
    };
    using Prepared = std::variant<wallet::Payment, QString>;
    // With `feePerByte` above zero, `fee` is raised as needed to that rate for the payment's
    // size (more recipients and coins make it larger).
    void preparePayment(const std::vector<Recipient>& recipients, Amount fee, Amount feePerByte,
                        const std::optional<std::vector<OutPoint>>& chosen,
                        std::function<void(Prepared)> done);
    // Hands the payment to the node's mempool (which relays it); `done` gets the txid, or an
    // empty txid and why not.
    void submitPayment(const Transaction& tx,
                       std::function<void(QString txid, QString error)> done);
    // The node's fee for a typical payment, and why (for the send form).
    void feeEstimate(std::function<void(Amount fee, Amount perByte, QString basis)> done);

    // The wallet's transactions, newest first (pending ones on top): when, what kind, with
    // whom, and the net amount for the wallet (received by its addresses minus spent from
    // them); `done` gets them, and the tip's height, on the GUI thread.
    void
    history(std::function<void(std::vector<wallet::HistoryEntry>, std::int64_t tipHeight)> done);
    // The other side of a transaction in words (wallet::entryLabel over the wallet's labels).
    QString historyLabel(const wallet::HistoryEntry& entry) const;
    // The history as CSV (wallet::historyCsv) in `path`, written whole or not at all; `done`
    // gets why not, or an empty string.
    void exportHistory(const QString& path, std::function<void(QString error)> done);

    QString addressAt(int row) const;
    QString labelOf(const PubKeyHash& address) const;

    // The wallet's unspent coins as the node last said (refreshBalances), oldest first per
    // address, and the height of the tip then.
    const std::vector<wallet::OwnedCoin>& coins() const { return coins_; }
    std::int64_t tipHeight() const { return tipHeight_; }
    // Payments asked for (Receive tab), oldest first, and whether each was paid: in full once
    // its address's confirmed coins reach the amount, Unconfirmed while only the mempool's do.
    enum class RequestState { Waiting, Unconfirmed, Paid };
    const std::vector<wallet::RequestRecord>& requests() const { return book_.requests; }
    RequestState requestState(const wallet::RequestRecord& request) const;
    // A new request on a fresh receive address (needs the wallet unlocked); `request` gets it.
    QString createRequest(std::optional<Amount> amount, const QString& label,
                          const QString& message, wallet::RequestRecord* request);

    // The address book, by name; a contact's name labels its address in History and Send.
    const std::vector<wallet::Contact>& contacts() const { return book_.contacts; }
    QString setContact(const QString& label, const QString& address);
    QString removeContact(const QString& address);

    // A frozen coin is never chosen for a payment until it is thawed; kept in the wallet file.
    bool isFrozen(const OutPoint& coin) const { return book_.frozen.count(coin) > 0; }
    QString setFrozen(const OutPoint& coin, bool frozen);
    Amount confirmedTotal() const { return confirmedTotal_; }
    Amount pendingTotal() const { return pendingTotal_; }
    // Asks the node for every address's balances (the answer updates the table).
    void refreshBalances();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    void lockChanged();
    void balancesChanged();
    void coinsChanged(); // the node's answer about the coins, or a coin frozen or thawed
    void requestsChanged();
    void frozenChanged();
    void contactsChanged();
    // A request was found paid (in the mempool or a block) since the last look.
    void requestPaid(const wallet::RequestRecord& request);
    // Coins from others reached the wallet in a block (not its own change, not a reward).
    void paymentReceived(const QString& txid, Amount amount);

private:
    // Saves; if that fails, the keystore goes back to `before` (what the file holds).
    QString saveOrUndo(const wallet::Keystore& before);
    QString adopt(wallet::Keystore keystore); // a new wallet: saved, then shown
    void keepChangeAddress(const Transaction& tx);
    QString save();
    void resetRows(const std::function<void()>& change);
    void used() const; // restarts the idle clock of an unlocked wallet
    void takeBalances(const wallet::WalletView& view);
    std::vector<PubKeyHash> addresses() const;

    NodeThread& node_;
    QString filePath_;
    wallet::KdfCost cost_;
    std::optional<wallet::Keystore> keystore_;
    wallet::WalletBook book_;
    std::vector<wallet::OwnedCoin> coins_;
    std::int64_t tipHeight_ = -1;
    std::optional<PubKeyHash> pendingChange_; // the prepared payment's new change address
    std::set<PubKeyHash> paidRequests_;       // requests seen paid (announced once)
    bool balancesKnown_ = false;              // the node has answered once
    std::set<OutPoint> knownCoins_;           // coins already seen (announced once)
    std::set<Hash256> sentTxids_;             // the wallet's own payments: their change is not news
    void announceReceivedCoins(const std::vector<wallet::OwnedCoin>& coins);
    void announcePaidRequests();
    QString loadError_;
    std::map<PubKeyHash, wallet::AddressBalance> balances_;
    Amount confirmedTotal_ = 0;
    Amount pendingTotal_ = 0;
    mutable QTimer idleLock_;
    std::unique_ptr<QLockFile> fileLock_; // the wallet file is this process's to write
    mutable qint64 lockAt_ = 0; // wall-clock ms at which an unlocked wallet is due to lock
};

} // namespace mbc::ui
