#include "ui/rule_texts.h"

#include "ui/amount_text.h"
#include "ui/when_text.h"

#include <map>

namespace mbc::ui {

QString RuleTexts::question(RuleId rule) {
    switch (rule) {
    case RuleId::ParentKnown:
        return tr("The block builds on a block this node knows");
    case RuleId::Target:
        return tr("The target is the one the target rule gives at this height");
    case RuleId::ProofOfWork:
        return tr("The block hash is at most the target (proof of work)");
    case RuleId::TimeNotTooNew:
        return tr("The timestamp is at most two hours ahead of the node's clock");
    case RuleId::TimeAfterMedian:
        return tr("The timestamp is after the median time of the last 11 blocks");
    case RuleId::BlockSize:
        return tr("The block is at most 1,000,000 bytes");
    case RuleId::CoinbasePlacement:
        return tr("Exactly one coinbase, and it comes first");
    case RuleId::CoinbaseForm:
        return tr("The coinbase input has no signature and no public key");
    case RuleId::MerkleRoot:
        return tr("The header's merkle root is the root of the transactions");
    case RuleId::NoDuplicateTxids:
        return tr("No transaction appears twice in the block");
    case RuleId::NotCoinbase:
        return tr("It is not a coinbase (those come only first in a block)");
    case RuleId::InputsNotEmpty:
        return tr("It spends at least one coin");
    case RuleId::OutputsNotEmpty:
        return tr("It pays at least one output");
    case RuleId::NoDuplicateInputs:
        return tr("No coin is spent twice by it");
    case RuleId::OutputAmounts:
        return tr("Every amount, and their sum, lies between 0 and all coins there can be");
    case RuleId::TransactionSize:
        return tr("It is no larger than a block may be");
    case RuleId::NoNullPrevouts:
        return tr("No input names the empty coin (only a coinbase may)");
    case RuleId::TxidsNotInChain:
        return tr("None of its transactions is already in the chain");
    case RuleId::NoMempoolConflict:
        return tr("No transaction waiting in the mempool spends the same coins");
    case RuleId::NoDoubleSpend:
        return tr("No coin is spent by two transactions of the block");
    case RuleId::InputSpendable:
        return tr("The coin it spends exists and is unspent");
    case RuleId::PubkeyEncoding:
        return tr("The public key is a 33-byte compressed key");
    case RuleId::PubkeyMatchesCoin:
        return tr("The public key hashes to the address the coin is locked to");
    case RuleId::InputSignature:
        return tr("The signature over the sighash is valid for the public key");
    case RuleId::InputValues:
        return tr("The coins it spends add up within the money range");
    case RuleId::Fee:
        return tr("The inputs cover the outputs (the rest is the fee)");
    case RuleId::BlockFees:
        return tr("The block's fees add up within the money range");
    case RuleId::CoinbaseAmount:
        return tr("The coinbase pays at most the block reward plus the fees");
    }
    return QString::fromLatin1(ruleName(rule).data(), qsizetype(ruleName(rule).size()));
}

QString RuleTexts::where(const RuleStep& step) {
    if (step.tx && step.input)
        return tr("transaction %1, input %2").arg(*step.tx).arg(*step.input);
    if (step.tx)
        return tr("transaction %1").arg(*step.tx);
    if (step.input)
        return tr("input %1").arg(*step.input);
    switch (step.rule) {
    case RuleId::ParentKnown:
    case RuleId::Target:
    case RuleId::ProofOfWork:
    case RuleId::TimeNotTooNew:
    case RuleId::TimeAfterMedian:
        return tr("header");
    case RuleId::BlockSize:
    case RuleId::CoinbasePlacement:
    case RuleId::MerkleRoot:
    case RuleId::NoDuplicateTxids:
    case RuleId::TxidsNotInChain:
    case RuleId::BlockFees:
        return tr("block");
    default:
        return tr("transaction");
    }
}

QString RuleTexts::code(const RuleStep& step) {
    const std::string_view c = step.codeName();
    return QString::fromLatin1(c.data(), qsizetype(c.size()));
}

QString RuleTexts::factName(const std::string& name) {
    static const std::map<std::string, const char*> names{
        {"prev_hash", QT_TR_NOOP("previous block (prev_hash)")},
        {"parent_hash", QT_TR_NOOP("parent found")},
        {"parent_height", QT_TR_NOOP("parent's height")},
        {"height", QT_TR_NOOP("height")},
        {"target", QT_TR_NOOP("target")},
        {"expected_target", QT_TR_NOOP("target the rule gives")},
        {"parent_target", QT_TR_NOOP("parent's target")},
        {"retarget", QT_TR_NOOP("retarget at this height")},
        {"actual_span", QT_TR_NOOP("time the last 9 blocks took (s)")},
        {"clamped_span", QT_TR_NOOP("that time, clamped (s)")},
        {"expected_span", QT_TR_NOOP("time they should take (s)")},
        {"block_hash", QT_TR_NOOP("block hash")},
        {"nonce", QT_TR_NOOP("nonce")},
        {"timestamp", QT_TR_NOOP("timestamp")},
        {"node_time", QT_TR_NOOP("node's clock")},
        {"max_future_seconds", QT_TR_NOOP("allowed lead (s)")},
        {"latest_allowed", QT_TR_NOOP("latest allowed")},
        {"median_time_past", QT_TR_NOOP("median time past")},
        {"blocks_in_median", QT_TR_NOOP("blocks in the median")},
        {"size", QT_TR_NOOP("size (bytes)")},
        {"limit", QT_TR_NOOP("limit (bytes)")},
        {"transactions", QT_TR_NOOP("transactions")},
        {"signature_bytes", QT_TR_NOOP("signature bytes")},
        {"pubkey_bytes", QT_TR_NOOP("public key bytes")},
        {"header_merkle_root", QT_TR_NOOP("merkle root in the header")},
        {"computed_merkle_root", QT_TR_NOOP("merkle root of the transactions")},
        {"txids", QT_TR_NOOP("txids")},
        {"inputs", QT_TR_NOOP("inputs")},
        {"outputs", QT_TR_NOOP("outputs")},
        {"outputs_total", QT_TR_NOOP("outputs total")},
        {"inputs_total", QT_TR_NOOP("inputs total")},
        {"max_money", QT_TR_NOOP("all coins there can be")},
        {"outpoint", QT_TR_NOOP("coin spent (txid:output)")},
        {"amount", QT_TR_NOOP("amount")},
        {"locked_to", QT_TR_NOOP("locked to (pubkey hash)")},
        {"created_at_height", QT_TR_NOOP("created at height")},
        {"coinbase", QT_TR_NOOP("from a coinbase")},
        {"pubkey", QT_TR_NOOP("public key")},
        {"pubkey_hash", QT_TR_NOOP("hash160 of the public key")},
        {"sighash", QT_TR_NOOP("sighash (what was signed)")},
        {"signature", QT_TR_NOOP("signature")},
        {"fee", QT_TR_NOOP("fee")},
        {"fees", QT_TR_NOOP("fees")},
        {"fees_so_far", QT_TR_NOOP("fees so far")},
        {"coinbase_pays", QT_TR_NOOP("coinbase pays")},
        {"block_reward", QT_TR_NOOP("block reward")},
        {"allowed", QT_TR_NOOP("allowed (reward + fees)")},
    };
    const auto it = names.find(name);
    return it == names.end() ? QString::fromStdString(name) : tr(it->second);
}

QString RuleTexts::factValue(const RuleFact& fact) {
    switch (fact.kind) {
    case RuleFact::Kind::Amount:
        return tr("%1 coins").arg(coinsText(fact.number));
    case RuleFact::Kind::Time:
        return tr("%1 (%2)").arg(dateTimeText(fact.number)).arg(fact.number);
    case RuleFact::Kind::Number:
        return QString::number(fact.number);
    case RuleFact::Kind::Hex:
        break;
    case RuleFact::Kind::Text:
        if (fact.text == "yes")
            return tr("yes");
        if (fact.text == "no")
            return tr("no");
        break;
    }
    return QString::fromStdString(fact.text);
}

} // namespace mbc::ui
