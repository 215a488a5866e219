#include "consensus/rules/transaction_rules.h"

#include "consensus/primitives/block.h"
#include "consensus/serialize/tx_serialize.h"

#include <algorithm>
#include <string>
#include <vector>

namespace mbc {
namespace {

RuleFacts inputCount(const Transaction& tx) {
    return {RuleFact::countOf("inputs", static_cast<std::int64_t>(tx.inputs.size()))};
}

RuleFacts outputCount(const Transaction& tx) {
    return {RuleFact::countOf("outputs", static_cast<std::int64_t>(tx.outputs.size()))};
}

} // namespace

Status checkInputsNotEmpty(const Transaction& tx, RuleTrace* trace) {
    Status s;
    if (tx.inputs.empty())
        s = fail(RejectCode::TxInputsEmpty, "transaction has no inputs");
    return traced(trace, RuleId::InputsNotEmpty, s, [&] { return inputCount(tx); });
}

Status checkOutputsNotEmpty(const Transaction& tx, RuleTrace* trace) {
    Status s;
    if (tx.outputs.empty())
        s = fail(RejectCode::TxOutputsEmpty, "transaction has no outputs");
    return traced(trace, RuleId::OutputsNotEmpty, s, [&] { return outputCount(tx); });
}

Status checkNoDuplicateInputs(const Transaction& tx, RuleTrace* trace) {
    std::vector<const OutPoint*> sorted;
    sorted.reserve(tx.inputs.size());
    for (const TxIn& in : tx.inputs)
        sorted.push_back(&in.prevout);
    std::sort(sorted.begin(), sorted.end(),
              [](const OutPoint* a, const OutPoint* b) { return *a < *b; });
    Status s;
    for (std::size_t i = 1; s && i < sorted.size(); ++i)
        if (*sorted[i] == *sorted[i - 1])
            s = fail(RejectCode::TxDuplicateInputs, "output " + sorted[i]->txid.hex() + ":" +
                                                        std::to_string(sorted[i]->index) +
                                                        " is spent by two inputs");
    return traced(trace, RuleId::NoDuplicateInputs, s, [&] { return inputCount(tx); });
}

Status checkOutputAmounts(const Transaction& tx, RuleTrace* trace) {
    Amount total = 0;
    Status s;
    for (std::size_t i = 0; s && i < tx.outputs.size(); ++i) {
        const Amount amount = tx.outputs[i].amount;
        if (amount < 0) {
            s = fail(RejectCode::TxOutputNegative, "output " + std::to_string(i) +
                                                       " has negative amount " +
                                                       std::to_string(amount));
        } else if (amount > MAX_MONEY) {
            s = fail(RejectCode::TxOutputTooLarge, "output " + std::to_string(i) + " amount " +
                                                       std::to_string(amount) +
                                                       " exceeds MAX_MONEY");
        } else if (const auto sum = addMoney(total, amount)) {
            total = *sum;
        } else {
            s = fail(RejectCode::TxOutputTotalTooLarge, "outputs add up to more than MAX_MONEY");
        }
    }
    return traced(trace, RuleId::OutputAmounts, s, [&] {
        RuleFacts facts = outputCount(tx);
        if (s)
            facts.push_back(RuleFact::amountOf("outputs_total", total));
        facts.push_back(RuleFact::amountOf("max_money", MAX_MONEY));
        return facts;
    });
}

Status checkNotCoinbase(const Transaction& tx, RuleTrace* trace) {
    Status s;
    if (tx.isCoinbase())
        s = fail(RejectCode::TxCoinbaseOutsideBlock,
                 "a coinbase transaction is only valid as the first transaction of a block");
    return traced(trace, RuleId::NotCoinbase, s, [&] { return inputCount(tx); });
}

Status checkNoNullPrevouts(const Transaction& tx, RuleTrace* trace) {
    Status s;
    for (std::size_t i = 0; s && i < tx.inputs.size(); ++i)
        if (tx.inputs[i].prevout.isNull())
            s = fail(RejectCode::TxNullPrevout,
                     "input " + std::to_string(i) +
                         " references the null outpoint, which only a coinbase may");
    return traced(trace, RuleId::NoNullPrevouts, s, [&] { return inputCount(tx); });
}

Status checkTransactionSize(const Transaction& tx, RuleTrace* trace) {
    const std::size_t size = encodedTxSize(tx);
    Status s;
    if (size > MAX_BLOCK_SIZE)
        s = fail(RejectCode::TxOversize,
                 "transaction of " + std::to_string(size) + " bytes is larger than a block may be");
    return traced(trace, RuleId::TransactionSize, s, [&] {
        return RuleFacts{RuleFact::countOf("size", static_cast<std::int64_t>(size)),
                         RuleFact::countOf("limit", static_cast<std::int64_t>(MAX_BLOCK_SIZE))};
    });
}

Status checkTransactionStructure(const Transaction& tx, RuleTrace* trace) {
    for (auto rule : {checkInputsNotEmpty, checkOutputsNotEmpty, checkNoDuplicateInputs,
                      checkOutputAmounts, checkTransactionSize})
        if (Status s = rule(tx, trace); !s)
            return s;
    return {};
}

} // namespace mbc
