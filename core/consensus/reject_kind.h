#pragma once

#include "consensus/reject_code.h"

#include <string_view>

namespace mbc {

// What decides a refusal. A block hash commits to the header and, through the merkle root, to
// each transaction's txid preimage (version, prevouts, outputs, locktime); signatures, pubkeys
// and so the size are outside it. Which side of that line a failure falls on decides what a
// node may remember about the hash; the node's layers each map the kind to their consequence
// (chain/block_condemnation.h, the peer network's offences, the REST status) so that one code
// never means different things in different places.
enum class RejectKind {
    Malformed,        // the bytes or the JSON are not a block or transaction at all
    HeaderInvalid,    // the header breaks a rule against its parent, or its parent is invalid
    CommittedInvalid, // what the merkle root commits to breaks a rule: no body can be valid
    MissingInputs,    // spends an output that is not there: committed in a block; a loose
                      // transaction's parent may simply not have arrived yet
    BodyMutated,      // decided by data the hash does not commit to: another body may be valid
    Premature,        // may become valid later (a timestamp too far ahead)
    AlreadyKnown,     // already stored, confirmed or pooled
    KnownInvalid,     // already found invalid
    MissingParent,    // the parent is unknown; held until it arrives
    Policy,           // this node's choice (fees, space, work), not a rule of the protocol
};

RejectKind rejectKind(RejectCode code);
std::string_view rejectKindName(RejectKind kind); // "body-mutated", ...

} // namespace mbc
