#include "consensus/reject_code.h"

namespace mbc {

std::string_view rejectCodeName(RejectCode code) {
    switch (code) {
    case RejectCode::DecodeTruncated:
        return "decode-truncated";
    case RejectCode::DecodeTrailingBytes:
        return "decode-trailing-bytes";
    case RejectCode::DecodeCountTooLarge:
        return "decode-count-too-large";
    case RejectCode::DecodeNonCanonicalVarint:
        return "decode-noncanonical-varint";
    case RejectCode::BadJson:
        return "bad-json";
    case RejectCode::BadField:
        return "bad-field";
    case RejectCode::TxInputsEmpty:
        return "bad-txns-vin-empty";
    case RejectCode::TxOutputsEmpty:
        return "bad-txns-vout-empty";
    case RejectCode::TxDuplicateInputs:
        return "bad-txns-inputs-duplicate";
    case RejectCode::TxOutputNegative:
        return "bad-txns-vout-negative";
    case RejectCode::TxOutputTooLarge:
        return "bad-txns-vout-toolarge";
    case RejectCode::TxOutputTotalTooLarge:
        return "bad-txns-txouttotal-toolarge";
    case RejectCode::TxCoinbaseOutsideBlock:
        return "coinbase";
    case RejectCode::TxNullPrevout:
        return "bad-txns-prevout-null";
    case RejectCode::TxOversize:
        return "bad-txns-oversize";
    case RejectCode::TxInputMissingOrSpent:
        return "bad-txns-inputs-missingorspent";
    case RejectCode::TxMempoolConflict:
        return "txn-mempool-conflict";
    case RejectCode::TxPubkeyInvalid:
        return "bad-txns-pubkey-invalid";
    case RejectCode::TxPubkeyHashMismatch:
        return "bad-txns-pubkey-hash-mismatch";
    case RejectCode::TxSignatureInvalid:
        return "bad-txns-signature-invalid";
    case RejectCode::TxInputValuesOutOfRange:
        return "bad-txns-inputvalues-outofrange";
    case RejectCode::TxInBelowOut:
        return "bad-txns-in-belowout";
    case RejectCode::BlockPrevNotFound:
        return "prev-blk-not-found";
    case RejectCode::BlockBadPrev:
        return "bad-prevblk";
    case RejectCode::BlockBadTarget:
        return "bad-target";
    case RejectCode::BlockHighHash:
        return "high-hash";
    case RejectCode::BlockTimeTooNew:
        return "time-too-new";
    case RejectCode::BlockTimeTooOld:
        return "time-too-old";
    case RejectCode::BlockOversize:
        return "bad-blk-length";
    case RejectCode::BlockCoinbaseMissing:
        return "bad-cb-missing";
    case RejectCode::BlockCoinbaseMultiple:
        return "bad-cb-multiple";
    case RejectCode::BlockCoinbaseMalformed:
        return "bad-cb-malformed";
    case RejectCode::BlockBadMerkleRoot:
        return "bad-txnmrklroot";
    case RejectCode::BlockDuplicateTx:
        return "bad-txns-duplicate";
    case RejectCode::BlockTxAlreadyInChain:
        return "bad-txns-already-in-chain";
    case RejectCode::BlockDoubleSpend:
        return "bad-txns-double-spend";
    case RejectCode::BlockFeesOutOfRange:
        return "bad-txns-accumulated-fee-outofrange";
    case RejectCode::BlockCoinbaseAmount:
        return "bad-cb-amount";
    }
    return "unknown";
}

} // namespace mbc
