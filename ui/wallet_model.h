#pragma once

#include "consensus/primitives/amount.h"
#include "wallet/keystore.h"
#include "wallet/payment_builder.h"
#include "wallet/wallet_accounting.h"

#include <QAbstractTableModel>
#include <QString>
#include <QTimer>

#include <chrono>

#include <functional>
#include <map>
#include <optional>

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

    QString create(const QString& passphrase);
    QString unlock(const QString& passphrase);
    void lock();
    QString changePassphrase(const QString& current, const QString& fresh);
    QString newAddress(const QString& label, QString* address = nullptr);
    QString importKey(const QString& privateKeyHex, const QString& label);
    QString exportKey(const QString& address, QString* privateKeyHex) const;

    // A signed payment from one of the wallet's addresses, spending its confirmed coins that
    // no unconfirmed tx spends yet (the node is asked for them); `done` gets it, or why not,
    // on the GUI thread. Needs the wallet unlocked.
    using Prepared = std::variant<wallet::Payment, QString>;
    void preparePayment(const QString& from, const QString& to, Amount amount, Amount fee,
                        std::function<void(Prepared)> done);
    // Hands the payment to the node's mempool (which relays it); `done` gets the txid, or an
    // empty txid and why not.
    void submitPayment(const Transaction& tx,
                       std::function<void(QString txid, QString error)> done);
    // The node's fee for a typical payment, and why (for the send form).
    void feeEstimate(std::function<void(Amount fee, QString basis)> done);

    // The wallet's transactions, newest first (pending ones on top), as rows of txid,
    // height ("pending" for the mempool), confirmations, and the net amount in coins for the
    // wallet (received by its addresses minus spent from them); `done` gets them on the GUI
    // thread.
    void history(std::function<void(QVector<QStringList>)> done);

    QString addressAt(int row) const;
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

private:
    // Saves; if that fails, the keystore goes back to `before` (what the file holds).
    QString saveOrUndo(const wallet::Keystore& before);
    QString save();
    void resetRows(const std::function<void()>& change);
    void used() const; // restarts the idle clock of an unlocked wallet
    void takeBalances(const wallet::WalletView& view);
    std::vector<PubKeyHash> addresses() const;

    NodeThread& node_;
    QString filePath_;
    wallet::KdfCost cost_;
    std::optional<wallet::Keystore> keystore_;
    QString loadError_;
    std::map<PubKeyHash, wallet::AddressBalance> balances_;
    Amount confirmedTotal_ = 0;
    Amount pendingTotal_ = 0;
    mutable QTimer idleLock_;
    mutable qint64 lockAt_ = 0; // wall-clock ms at which an unlocked wallet is due to lock
};

} // namespace mbc::ui
