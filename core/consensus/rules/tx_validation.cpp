#include "consensus/rules/tx_validation.h"

#include "consensus/rules/input_rules.h"
#include "consensus/rules/transaction_rules.h"

namespace mbc {

Result<Amount> validateTransaction(const Transaction& tx, const UtxoView& coins,
                                   const MempoolSpends& mempoolSpends, SignatureCache* cache,
                                   RuleTrace* trace) {
    if (Status s = checkNotCoinbase(tx, trace); !s)
        return s.failure();
    if (Status s = checkTransactionStructure(tx, trace); !s)
        return s.failure();
    if (Status s = checkNoNullPrevouts(tx, trace); !s)
        return s.failure();
    if (Status s = checkNoMempoolConflict(tx, mempoolSpends, trace); !s)
        return s.failure();
    std::vector<Coin> spent;
    return checkTxInputs(tx, TxPreimage(tx), coins, spent, nullptr, 0, cache, trace);
}

} // namespace mbc
