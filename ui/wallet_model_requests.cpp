// WalletModel: payment requests (the Receive tab) and whether each was paid.
#include "ui/wallet_model.h"

#include "ui/wallet_messages.h"

#include <QDateTime>

#include <map>

namespace mbc::ui {

WalletModel::RequestState WalletModel::requestState(const wallet::RequestRecord& r) const {
    if (r.paid)
        return RequestState::Paid;
    const auto b = balances_.find(r.address);
    const Amount confirmed = b == balances_.end() ? 0 : b->second.confirmed;
    const Amount pending = b == balances_.end() ? 0 : b->second.pending;
    const Amount wanted = r.amount.value_or(1);
    if (confirmed >= wanted)
        return RequestState::Paid;
    if (confirmed + pending >= wanted)
        return RequestState::Unconfirmed;
    return RequestState::Waiting;
}

QString WalletModel::createRequest(std::optional<Amount> amount, const QString& label,
                                   const QString& message, wallet::RequestRecord* request) {
    used();
    if (!exists())
        return tr("there is no wallet yet");
    if (amount && (*amount <= 0 || !moneyRange(*amount)))
        return tr("the amount must be more than zero");
    if (book_.full(book_.requests.size()))
        return tr("the wallet keeps at most %1 requests").arg(wallet::WalletBook::kMaxEntries);
    QString address;
    if (QString why = newAddress(label.isEmpty() ? tr("request") : label, &address); !why.isEmpty())
        return why;
    wallet::RequestRecord r{*PubKeyHash::fromHex(address.toStdString()),
                            amount,
                            label.toStdString(),
                            message.toStdString(),
                            QDateTime::currentSecsSinceEpoch(),
                            false};
    book_.requests.push_back(r);
    if (QString why = save(); !why.isEmpty()) {
        book_.requests.pop_back();
        return why;
    }
    if (request)
        *request = r;
    emit requestsChanged();
    return {};
}

void WalletModel::announceReceivedCoins(const std::vector<wallet::OwnedCoin>& coins) {
    const bool firstLook = !balancesKnown_; // what the wallet held when it opened is not news
    std::map<Hash256, Amount> arrived;
    for (const wallet::OwnedCoin& c : coins) {
        if (!knownCoins_.insert(c.outpoint).second || firstLook || c.coinbase ||
            sentTxids_.count(c.outpoint.txid))
            continue;
        arrived[c.outpoint.txid] += c.amount;
    }
    for (const auto& [txid, amount] : arrived)
        emit paymentReceived(QString::fromStdString(txid.hex()), amount);
}

// Says once per request that it was paid (the app notifies), and only for a payment that
// arrived while the app watched: requests already paid when the wallet opened stay quiet.
void WalletModel::announcePaidRequests() {
    const bool firstLook = !balancesKnown_;
    balancesKnown_ = true;
    bool newlyPaid = false;
    for (wallet::RequestRecord& r : book_.requests) {
        const RequestState state = requestState(r);
        if (state == RequestState::Paid && !r.paid) // remembered: the coin may be spent later
            newlyPaid = r.paid = true;
        if (state == RequestState::Waiting || !paidRequests_.insert(r.address).second)
            continue;
        if (!firstLook)
            emit requestPaid(r);
    }
    if (newlyPaid)
        save(); // if it fails, the request is found paid again while its coin is unspent
    emit requestsChanged();
}

} // namespace mbc::ui
