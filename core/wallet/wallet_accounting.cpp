#include "wallet/wallet_accounting.h"

#include <algorithm>

namespace mbc::wallet {

Amount WalletView::confirmedTotal() const {
    Amount total = 0;
    for (const auto& [address, b] : balances)
        total += b.confirmed;
    return total;
}

Amount WalletView::pendingTotal() const {
    Amount total = 0;
    for (const auto& [address, b] : balances)
        total += b.pending;
    return total;
}

WalletView accountFor(const std::vector<PubKeyHash>& addresses, const WalletChainData& data) {
    WalletView view;
    view.tipHeight = data.tipHeight;
    for (const PubKeyHash& a : addresses)
        view.balances[a];
    std::map<OutPoint, Amount> ours; // unspent outputs, for pending spends
    for (const OwnedCoin& c : data.unspent) {
        const auto b = view.balances.find(c.address);
        if (b == view.balances.end())
            continue;
        b->second.confirmed += c.amount;
        if (c.spentInMempool)
            b->second.pending -= c.amount;
        ours.emplace(c.outpoint, c.amount);
        view.coins.push_back(c);
    }
    for (std::size_t i = 0; i < data.mempool.size(); ++i) {
        const Transaction& tx = *data.mempool[i];
        Amount net = 0;
        for (const TxOut& o : tx.outputs)
            if (const auto b = view.balances.find(o.pubkeyHash); b != view.balances.end()) {
                b->second.pending += o.amount; // including change of our own spends
                net += o.amount;
            }
        for (const TxIn& in : tx.inputs)
            if (const auto it = ours.find(in.prevout); it != ours.end())
                net -= it->second;
        if (net != 0)
            view.history.push_back({data.mempoolTxids[i], std::nullopt, net});
    }
    // A tx touching several of the addresses is one entry, with their net together.
    std::map<Hash256, WalletTx> confirmed;
    for (const AddressActivity& a : data.confirmed) {
        if (!view.balances.count(a.address))
            continue;
        WalletTx& t = confirmed[a.txid];
        t.txid = a.txid;
        t.height = a.height;
        t.net += a.received - a.spent;
    }
    std::vector<WalletTx> sorted;
    for (auto& [txid, t] : confirmed)
        sorted.push_back(t);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const WalletTx& a, const WalletTx& b) { return *a.height > *b.height; });
    view.history.insert(view.history.end(), sorted.begin(), sorted.end());
    return view;
}

std::vector<SpendableCoin> spendableCoins(const std::vector<OwnedCoin>& coins,
                                          const std::optional<PubKeyHash>& from) {
    std::vector<SpendableCoin> out;
    for (const OwnedCoin& c : coins)
        if (!c.spentInMempool && (!from || c.address == *from))
            out.push_back({c.outpoint, c.amount, c.address});
    return out;
}

} // namespace mbc::wallet
