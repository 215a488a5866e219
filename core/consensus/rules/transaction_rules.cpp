#include "consensus/rules/transaction_rules.h"

#include "consensus/primitives/block.h"
#include "consensus/serialize/tx_serialize.h"

#include <algorithm>
#include <string>
#include <vector>

namespace mbc {

Status checkInputsNotEmpty(const Transaction& tx) {
    if (tx.inputs.empty())
        return fail(RejectCode::TxInputsEmpty, "transaction has no inputs");
    return {};
}

Status checkOutputsNotEmpty(const Transaction& tx) {
    if (tx.outputs.empty())
        return fail(RejectCode::TxOutputsEmpty, "transaction has no outputs");
    return {};
}

Status checkNoDuplicateInputs(const Transaction& tx) {
    std::vector<const OutPoint*> sorted;
    sorted.reserve(tx.inputs.size());
    for (const TxIn& in : tx.inputs)
        sorted.push_back(&in.prevout);
    std::sort(sorted.begin(), sorted.end(),
              [](const OutPoint* a, const OutPoint* b) { return *a < *b; });
    for (std::size_t i = 1; i < sorted.size(); ++i)
        if (*sorted[i] == *sorted[i - 1])
            return fail(RejectCode::TxDuplicateInputs, "output " + sorted[i]->txid.hex() + ":" +
                                                           std::to_string(sorted[i]->index) +
                                                           " is spent by two inputs");
    return {};
}

Status checkOutputAmounts(const Transaction& tx) {
    Amount total = 0;
    for (std::size_t i = 0; i < tx.outputs.size(); ++i) {
        const Amount amount = tx.outputs[i].amount;
        if (amount < 0)
            return fail(RejectCode::TxOutputNegative, "output " + std::to_string(i) +
                                                          " has negative amount " +
                                                          std::to_string(amount));
        if (amount > MAX_MONEY)
            return fail(RejectCode::TxOutputTooLarge, "output " + std::to_string(i) + " amount " +
                                                          std::to_string(amount) +
                                                          " exceeds MAX_MONEY");
        const auto sum = addMoney(total, amount);
        if (!sum)
            return fail(RejectCode::TxOutputTotalTooLarge, "outputs add up to more than MAX_MONEY");
        total = *sum;
    }
    return {};
}

Status checkNotCoinbase(const Transaction& tx) {
    if (tx.isCoinbase())
        return fail(RejectCode::TxCoinbaseOutsideBlock,
                    "a coinbase transaction is only valid as the first transaction of a block");
    return {};
}

Status checkNoNullPrevouts(const Transaction& tx) {
    for (std::size_t i = 0; i < tx.inputs.size(); ++i)
        if (tx.inputs[i].prevout.isNull())
            return fail(RejectCode::TxNullPrevout,
                        "input " + std::to_string(i) +
                            " references the null outpoint, which only a coinbase may");
    return {};
}

Status checkTransactionSize(const Transaction& tx) {
    const std::size_t size = encodedTxSize(tx);
    if (size > MAX_BLOCK_SIZE)
        return fail(RejectCode::TxOversize, "transaction of " + std::to_string(size) +
                                                " bytes is larger than a block may be");
    return {};
}

Status checkTransactionStructure(const Transaction& tx) {
    for (auto rule : {checkInputsNotEmpty, checkOutputsNotEmpty, checkNoDuplicateInputs,
                      checkOutputAmounts, checkTransactionSize})
        if (Status s = rule(tx); !s)
            return s;
    return {};
}

} // namespace mbc
