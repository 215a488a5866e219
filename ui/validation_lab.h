#pragma once

#include "consensus/primitives/block.h"

#include <QCoreApplication>
#include <QString>

#include <chrono>
#include <cstdint>
#include <variant>
#include <vector>

namespace mbc::ui {

// What the Validation pane checks: a block or a transaction.
using CheckSubject = std::variant<Block, Transaction>;

// The Validation pane's lab: one field of a block or transaction changed on purpose, to see
// which rule catches it and why.
class ValidationLab {
    Q_DECLARE_TR_FUNCTIONS(mbc::ui::ValidationLab)
public:
    enum class Change {
        OutputAmount,    // one unit more to the first payment's first output
        SignatureBit,    // one bit of the first payment's first signature flipped
        TimestampAhead,  // the block's timestamp three hours ahead of the clock
        TimestampBehind, // the block's timestamp a day earlier
        NonceMiss,       // the block's nonce moved on until its hash misses the target
        TargetHalved,    // the block's target halved
    };

    static std::vector<Change> changesFor(const CheckSubject& subject);
    static QString title(Change change);
    // Makes the change; says what changed ("output 0 of transaction 1: 50 -> 50.00000001
    // coins"), or nothing if it does not apply (a block with no payment has no signature).
    static QString apply(Change change, CheckSubject& subject, std::int64_t now);
    // After a change, a block is sealed again as a miner would: its merkle root recomputed and
    // a nonce searched for (for at most `budget`), so the rules behind the proof of work are
    // reached. False if no nonce was found in time.
    static bool reseal(Block& block, std::chrono::milliseconds budget);
};

} // namespace mbc::ui
