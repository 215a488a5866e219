#include "consensus/primitives/transaction.h"

namespace mbc {

Transaction makeCoinbase(std::uint32_t height, Amount amount, const PubKeyHash& payee) {
    Transaction tx;
    tx.version = 1;
    tx.inputs.push_back(TxIn{OutPoint::null(), {}, {}});
    tx.outputs.push_back(TxOut{amount, payee});
    tx.locktime = height;
    return tx;
}

void appendPrevouts(const Transaction& tx, std::vector<OutPoint>& out) {
    for (const TxIn& in : tx.inputs)
        out.push_back(in.prevout);
}

} // namespace mbc
