// WalletModel: building, signing and sending payments.
#include "ui/wallet_model.h"

#include "consensus/serialize/tx_serialize.h"
#include "ui/amount_text.h"
#include "ui/node_reasons.h"
#include "ui/node_thread.h"
#include "ui/wallet_messages.h"

#include <algorithm>
#include <set>

namespace mbc::ui {

// The change address a sent payment used becomes one of the wallet's keys (it was only peeked).
void WalletModel::keepChangeAddress(const Transaction& tx) {
    if (!pendingChange_ || !keystore_ || keystore_->locked())
        return;
    const PubKeyHash change = *pendingChange_;
    pendingChange_.reset();
    const bool paysIt = std::any_of(tx.outputs.begin(), tx.outputs.end(),
                                    [&](const TxOut& o) { return o.pubkeyHash == change; });
    if (!paysIt || keystore_->find(change))
        return;
    const wallet::Keystore before = *keystore_;
    resetRows([&] { keystore_->newKey("change", wallet::KeyChain::Change); });
    if (!keystore_->find(change)) { // another change key came first: keep the wallet as it was
        resetRows([&] { *keystore_ = before; });
        return;
    }
    saveOrUndo(before);
}

void WalletModel::preparePayment(const std::vector<Recipient>& recipients, Amount fee,
                                 Amount feePerByte,
                                 const std::optional<std::vector<OutPoint>>& chosen,
                                 std::function<void(Prepared)> done) {
    used();
    if (!keystore_ || keystore_->keys().empty())
        return done(tr("there is no wallet yet"));
    if (keystore_->locked())
        return done(keystoreMessage({wallet::KeystoreError::Kind::Locked, {}}));
    if (recipients.empty())
        return done(tr("add a recipient"));
    wallet::PaymentOrder order;
    order.fee = fee;
    for (const Recipient& r : recipients) {
        const auto to = PubKeyHash::fromHex(r.address.trimmed().toLower().toStdString());
        if (!to)
            return done(tr("the recipient's address must be 40 hex digits (a pubkey hash)"));
        if (r.amount <= 0)
            return done(tr("the amount must be more than zero"));
        order.recipients.push_back({*to, r.amount});
    }
    // A wallet with recovery words sends change to its next change address: peeked now, kept
    // only when the payment is sent.
    pendingChange_.reset();
    if (keystore_->hierarchical()) {
        auto next = keystore_->peekAddresses(wallet::KeyChain::Change,
                                             keystore_->derivedCount(wallet::KeyChain::Change), 1);
        if (auto* e = std::get_if<wallet::KeystoreError>(&next))
            return done(keystoreMessage(*e));
        pendingChange_ = std::get<std::vector<PubKeyHash>>(next).at(0);
    }
    order.changeAddress = pendingChange_.value_or(keystore_->keys().front().address);
    const std::set<OutPoint> frozen = book_.frozen;
    node_.ask<std::vector<wallet::OwnedCoin>>(
        [addresses = addresses()](node::NodeInterface& n) {
            return n.wallet(addresses, node::NodeInterface::WalletQuery::Coins).coins;
        },
        this,
        [this, order, chosen, frozen, feePerByte,
         done](const std::vector<wallet::OwnedCoin>& owned) mutable {
            if (!keystore_ || keystore_->locked())
                return done(keystoreMessage({wallet::KeystoreError::Kind::Locked, {}}));
            std::vector<wallet::SpendableCoin> spendable;
            for (const wallet::SpendableCoin& c : wallet::spendableCoins(owned))
                if (!frozen.count(c.outpoint))
                    spendable.push_back(c);
            if (chosen) {
                for (const OutPoint& o : *chosen) {
                    const auto it = std::find_if(spendable.begin(), spendable.end(),
                                                 [&](const auto& c) { return c.outpoint == o; });
                    if (it == spendable.end())
                        return done(tr("the coin %1 cannot be spent now: it is frozen, spent, or "
                                       "an unconfirmed payment spends it")
                                        .arg(QString::fromStdString(wallet::outPointText(o))));
                    order.coins.push_back(*it);
                }
                order.spendAllCoins = true;
            } else {
                order.coins = spendable;
            }
            const wallet::KeyLookup keys = [this](const PubKeyHash& a) {
                auto key = keystore_->privateKey(a);
                return std::holds_alternative<PrivateKey>(key)
                           ? std::optional<PrivateKey>(std::get<PrivateKey>(key))
                           : std::nullopt;
            };
            auto built = wallet::buildPayment(order, keys);
            // The fee follows the size: a larger fee may pick another coin, so a few rounds.
            for (int round = 0; round < 4 && feePerByte > 0; ++round) {
                const auto* p = std::get_if<wallet::Payment>(&built);
                const Amount needed = p ? feePerByte * Amount(encodedTxSize(p->tx)) : Amount(0);
                if (!p || order.fee >= needed)
                    break;
                order.fee = needed;
                built = wallet::buildPayment(order, keys);
            }
            if (auto* e = std::get_if<wallet::PaymentError>(&built)) {
                if (e->need >= 0)
                    return done(
                        tr("insufficient funds: the %1 %2 coins to spend, the payment "
                           "needs %3 (amounts and fee)")
                            .arg(order.spendAllCoins ? tr("chosen coins have") : tr("wallet has"),
                                 coinsText(e->have), coinsText(e->need)));
                return done(QString::fromStdString(e->message));
            }
            done(std::get<wallet::Payment>(std::move(built)));
        });
}

void WalletModel::submitPayment(const Transaction& tx, std::function<void(QString, QString)> done) {
    // The change key is kept now, while the wallet is surely unlocked (Send needs it so): the
    // node's answer may come after it locked. A payment the node refuses leaves one unused
    // change address, which a restore's gap of 20 steps over.
    keepChangeAddress(tx);
    node_.ask<Result<Hash256>>([tx](node::NodeInterface& n) { return n.submitTransaction(tx); },
                               this,
                               [this, tx, done](Result<Hash256> r) {
                                   if (r) {
                                       sentTxids_.insert(*r);
                                   }
                                   refreshBalances();
                                   if (!r)
                                       return done({}, NodeReasons::rejection(r.failure()));
                                   done(QString::fromStdString(r->hex()), {});
                               });
}

void WalletModel::feeEstimate(std::function<void(Amount, Amount, QString)> done) {
    node_.ask<node::FeeQuote>([](node::NodeInterface& n) { return n.feeQuote(); }, this,
                              [done](node::FeeQuote q) {
                                  done(q.typicalTxFee, q.feePerByte,
                                       QString::fromStdString(q.basis));
                              });
}

} // namespace mbc::ui
