#pragma once

#include "consensus/reject_kind.h"

namespace mbc {

// Whether a failure condemns a block's hash, and with it every descendant, for good. Only what
// the hash commits to may (THREATS.md, "what must hold" 2): a body that fails for anything else
// is dropped instead, and the block's real body stays welcome.
constexpr bool condemnsBlockHash(RejectKind kind) {
    switch (kind) {
    case RejectKind::HeaderInvalid:
    case RejectKind::CommittedInvalid:
    case RejectKind::MissingInputs: // a block's inputs are committed: its parent chain lacks them
        return true;
    case RejectKind::Malformed:
    case RejectKind::BodyMutated:
    case RejectKind::Premature:
    case RejectKind::AlreadyKnown:
    case RejectKind::KnownInvalid: // remembered already
    case RejectKind::MissingParent:
    case RejectKind::Policy:
        return false;
    }
    return false;
}

} // namespace mbc
