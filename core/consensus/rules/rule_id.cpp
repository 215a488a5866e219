#include "consensus/rules/rule_id.h"

namespace mbc {

std::string_view ruleName(RuleId rule) {
    switch (rule) {
    case RuleId::ParentKnown:
        return "parent-known";
    case RuleId::Target:
        return "target";
    case RuleId::ProofOfWork:
        return "proof-of-work";
    case RuleId::TimeNotTooNew:
        return "time-not-too-new";
    case RuleId::TimeAfterMedian:
        return "time-after-median";
    case RuleId::BlockSize:
        return "block-size";
    case RuleId::CoinbasePlacement:
        return "coinbase-placement";
    case RuleId::CoinbaseForm:
        return "coinbase-form";
    case RuleId::MerkleRoot:
        return "merkle-root";
    case RuleId::NoDuplicateTxids:
        return "no-duplicate-txids";
    case RuleId::NotCoinbase:
        return "not-coinbase";
    case RuleId::InputsNotEmpty:
        return "inputs-not-empty";
    case RuleId::OutputsNotEmpty:
        return "outputs-not-empty";
    case RuleId::NoDuplicateInputs:
        return "no-duplicate-inputs";
    case RuleId::OutputAmounts:
        return "output-amounts";
    case RuleId::TransactionSize:
        return "transaction-size";
    case RuleId::NoNullPrevouts:
        return "no-null-prevouts";
    case RuleId::TxidsNotInChain:
        return "txids-not-in-chain";
    case RuleId::NoMempoolConflict:
        return "no-mempool-conflict";
    case RuleId::NoDoubleSpend:
        return "no-double-spend-in-block";
    case RuleId::InputSpendable:
        return "input-spendable";
    case RuleId::PubkeyEncoding:
        return "pubkey-encoding";
    case RuleId::PubkeyMatchesCoin:
        return "pubkey-matches-coin";
    case RuleId::InputSignature:
        return "input-signature";
    case RuleId::InputValues:
        return "input-values";
    case RuleId::Fee:
        return "fee";
    case RuleId::BlockFees:
        return "block-fees";
    case RuleId::CoinbaseAmount:
        return "coinbase-amount";
    }
    return "unknown";
}

RejectCode ruleRejectCode(RuleId rule) {
    switch (rule) {
    case RuleId::ParentKnown:
        return RejectCode::BlockPrevNotFound;
    case RuleId::Target:
        return RejectCode::BlockBadTarget;
    case RuleId::ProofOfWork:
        return RejectCode::BlockHighHash;
    case RuleId::TimeNotTooNew:
        return RejectCode::BlockTimeTooNew;
    case RuleId::TimeAfterMedian:
        return RejectCode::BlockTimeTooOld;
    case RuleId::BlockSize:
        return RejectCode::BlockOversize;
    case RuleId::CoinbasePlacement:
        return RejectCode::BlockCoinbaseMissing;
    case RuleId::CoinbaseForm:
        return RejectCode::BlockCoinbaseMalformed;
    case RuleId::MerkleRoot:
        return RejectCode::BlockBadMerkleRoot;
    case RuleId::NoDuplicateTxids:
        return RejectCode::BlockDuplicateTx;
    case RuleId::NotCoinbase:
        return RejectCode::TxCoinbaseOutsideBlock;
    case RuleId::InputsNotEmpty:
        return RejectCode::TxInputsEmpty;
    case RuleId::OutputsNotEmpty:
        return RejectCode::TxOutputsEmpty;
    case RuleId::NoDuplicateInputs:
        return RejectCode::TxDuplicateInputs;
    case RuleId::OutputAmounts:
        return RejectCode::TxOutputNegative;
    case RuleId::TransactionSize:
        return RejectCode::TxOversize;
    case RuleId::NoNullPrevouts:
        return RejectCode::TxNullPrevout;
    case RuleId::TxidsNotInChain:
        return RejectCode::BlockTxAlreadyInChain;
    case RuleId::NoMempoolConflict:
        return RejectCode::TxMempoolConflict;
    case RuleId::NoDoubleSpend:
        return RejectCode::BlockDoubleSpend;
    case RuleId::InputSpendable:
        return RejectCode::TxInputMissingOrSpent;
    case RuleId::PubkeyEncoding:
        return RejectCode::TxPubkeyInvalid;
    case RuleId::PubkeyMatchesCoin:
        return RejectCode::TxPubkeyHashMismatch;
    case RuleId::InputSignature:
        return RejectCode::TxSignatureInvalid;
    case RuleId::InputValues:
        return RejectCode::TxInputValuesOutOfRange;
    case RuleId::Fee:
        return RejectCode::TxInBelowOut;
    case RuleId::BlockFees:
        return RejectCode::BlockFeesOutOfRange;
    case RuleId::CoinbaseAmount:
        return RejectCode::BlockCoinbaseAmount;
    }
    return RejectCode::BadField;
}

} // namespace mbc
