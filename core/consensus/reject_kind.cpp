#include "consensus/reject_kind.h"

namespace mbc {

// No default: a new code does not compile until someone decides what it means.
RejectKind rejectKind(RejectCode code) {
    switch (code) {
    case RejectCode::DecodeTruncated:
    case RejectCode::DecodeTrailingBytes:
    case RejectCode::DecodeCountTooLarge:
    case RejectCode::DecodeNonCanonicalVarint:
    case RejectCode::BadJson:
    case RejectCode::BadField:
        return RejectKind::Malformed;

    // The txid preimage holds every field these read.
    case RejectCode::TxInputsEmpty:
    case RejectCode::TxOutputsEmpty:
    case RejectCode::TxDuplicateInputs:
    case RejectCode::TxOutputNegative:
    case RejectCode::TxOutputTooLarge:
    case RejectCode::TxOutputTotalTooLarge:
    case RejectCode::TxCoinbaseOutsideBlock:
    case RejectCode::TxNullPrevout:
    case RejectCode::TxInputValuesOutOfRange:
    case RejectCode::TxInBelowOut:
    case RejectCode::BlockCoinbaseMissing:
    case RejectCode::BlockCoinbaseMultiple:
    case RejectCode::BlockTxAlreadyInChain:
    case RejectCode::BlockDoubleSpend:
    case RejectCode::BlockFeesOutOfRange:
    case RejectCode::BlockCoinbaseAmount:
        return RejectKind::CommittedInvalid;
    case RejectCode::TxInputMissingOrSpent:
        return RejectKind::MissingInputs;

    // Signatures and pubkeys are outside the txid; sizes follow from them; a repeated last
    // transaction keeps the merkle root (CVE-2012-2459); a body that misses the merkle root
    // simply is not this block's.
    case RejectCode::TxOversize:
    case RejectCode::TxPubkeyInvalid:
    case RejectCode::TxPubkeyHashMismatch:
    case RejectCode::TxSignatureInvalid:
    case RejectCode::BlockOversize:
    case RejectCode::BlockCoinbaseMalformed:
    case RejectCode::BlockBadMerkleRoot:
    case RejectCode::BlockDuplicateTx:
        return RejectKind::BodyMutated;

    case RejectCode::BlockBadPrev:
    case RejectCode::BlockBadTarget:
    case RejectCode::BlockHighHash:
    case RejectCode::BlockTimeTooOld:
    case RejectCode::BlockParentInvalid:
        return RejectKind::HeaderInvalid;
    case RejectCode::BlockTimeTooNew:
        return RejectKind::Premature;

    case RejectCode::BlockDuplicate:
    case RejectCode::TxAlreadyInMempool:
    case RejectCode::TxAlreadyKnown:
        return RejectKind::AlreadyKnown;
    case RejectCode::BlockDuplicateInvalid:
        return RejectKind::KnownInvalid;
    case RejectCode::BlockPrevNotFound:
    case RejectCode::BlockOrphan:
        return RejectKind::MissingParent;

    case RejectCode::BlockForkTooLight:
    case RejectCode::OrphanTargetTooEasy:
    case RejectCode::TxMempoolConflict:
    case RejectCode::TxTooLarge:
    case RejectCode::TxFeeTooLow:
    case RejectCode::MempoolFull:
        return RejectKind::Policy;
    }
    return RejectKind::Malformed; // not reached: every code is listed above
}

std::string_view rejectKindName(RejectKind kind) {
    switch (kind) {
    case RejectKind::Malformed:
        return "malformed";
    case RejectKind::HeaderInvalid:
        return "header-invalid";
    case RejectKind::CommittedInvalid:
        return "committed-invalid";
    case RejectKind::MissingInputs:
        return "missing-inputs";
    case RejectKind::BodyMutated:
        return "body-mutated";
    case RejectKind::Premature:
        return "premature";
    case RejectKind::AlreadyKnown:
        return "already-known";
    case RejectKind::KnownInvalid:
        return "known-invalid";
    case RejectKind::MissingParent:
        return "missing-parent";
    case RejectKind::Policy:
        return "policy";
    }
    return "unknown";
}

} // namespace mbc
