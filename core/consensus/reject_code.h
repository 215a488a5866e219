#pragma once

#include <string_view>

namespace mbc {

// Every way an input can be refused, with a stable name (returned in API errors and logs).
// Names follow Bitcoin Core's reject reasons where one exists. The string form never
// changes once released; add new codes at the end of a group.
enum class RejectCode {
    // Binary decoding (consensus/PROTOCOL.md §3 "Full binary form")
    DecodeTruncated,          // decode-truncated
    DecodeTrailingBytes,      // decode-trailing-bytes
    DecodeCountTooLarge,      // decode-count-too-large
    DecodeNonCanonicalVarint, // decode-noncanonical-varint

    // JSON (consensus/PROTOCOL.md §6)
    BadJson,  // bad-json: not parseable JSON, or nested too deeply
    BadField, // bad-field: a field is missing or of the wrong type, length or range

    // Transaction rules (consensus/PROTOCOL.md §5 "Transaction")
    TxInputsEmpty,           // bad-txns-vin-empty
    TxOutputsEmpty,          // bad-txns-vout-empty
    TxDuplicateInputs,       // bad-txns-inputs-duplicate
    TxOutputNegative,        // bad-txns-vout-negative
    TxOutputTooLarge,        // bad-txns-vout-toolarge
    TxOutputTotalTooLarge,   // bad-txns-txouttotal-toolarge
    TxCoinbaseOutsideBlock,  // coinbase
    TxNullPrevout,           // bad-txns-prevout-null
    TxOversize,              // bad-txns-oversize
    TxInputMissingOrSpent,   // bad-txns-inputs-missingorspent
    TxMempoolConflict,       // txn-mempool-conflict
    TxPubkeyInvalid,         // bad-txns-pubkey-invalid
    TxPubkeyHashMismatch,    // bad-txns-pubkey-hash-mismatch
    TxSignatureInvalid,      // bad-txns-signature-invalid
    TxInputValuesOutOfRange, // bad-txns-inputvalues-outofrange
    TxInBelowOut,            // bad-txns-in-belowout

    // Block header rules (consensus/PROTOCOL.md §4 and §5 "Block")
    BlockPrevNotFound, // prev-blk-not-found
    BlockBadPrev,      // bad-prevblk
    BlockBadTarget,    // bad-target
    BlockHighHash,     // high-hash
    BlockTimeTooNew,   // time-too-new
    BlockTimeTooOld,   // time-too-old

    // Block body rules (consensus/PROTOCOL.md §5 "Block")
    BlockOversize,          // bad-blk-length
    BlockCoinbaseMissing,   // bad-cb-missing
    BlockCoinbaseMultiple,  // bad-cb-multiple
    BlockCoinbaseMalformed, // bad-cb-malformed
    BlockBadMerkleRoot,     // bad-txnmrklroot
    BlockDuplicateTx,       // bad-txns-duplicate
    BlockTxAlreadyInChain,  // bad-txns-already-in-chain
    BlockDoubleSpend,       // bad-txns-double-spend
    BlockFeesOutOfRange,    // bad-txns-accumulated-fee-outofrange
    BlockCoinbaseAmount,    // bad-cb-amount

    // Chain: what the node does with a block it was given (not rules of consensus/PROTOCOL.md)
    BlockDuplicate,        // duplicate: the block is already stored
    BlockDuplicateInvalid, // duplicate-invalid: the block was already found invalid
    BlockParentInvalid,    // bad-prevblk-invalid: it builds on a block found invalid
    BlockOrphan,           // orphan: its parent is unknown; kept until the parent arrives
    BlockForkTooLight,     // too-little-chainwork: a side branch too far behind to store
    OrphanTargetTooEasy,   // orphan-target-too-easy: an orphan easier than the genesis target

    // Mempool policy: a node's choice, not consensus
    TxAlreadyInMempool, // txn-already-in-mempool
    TxAlreadyKnown,     // txn-already-known: already confirmed in the active chain
    TxTooLarge,         // tx-size: larger than the mempool accepts
    TxFeeTooLow,        // min-relay-fee-not-met
    MempoolFull,        // mempool-full: the fee rate is below everything in a full mempool
};

// The last code, for tests and tables that cover every code.
inline constexpr RejectCode kLastRejectCode = RejectCode::MempoolFull;

// The stable string form, e.g. "bad-txns-inputs-missingorspent".
std::string_view rejectCodeName(RejectCode code);

} // namespace mbc
