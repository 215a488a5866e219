#pragma once

#include "consensus/reject_kind.h"

namespace mbc::net {

// Whether a refusal of what a peer sent (pushed, or served to a sync) counts against it.
// Refusals a well-behaved peer may still cause (races, policy, timing) do not; sending what no
// honest node would, does.
constexpr bool isOffence(RejectKind kind, bool block) {
    switch (kind) {
    case RejectKind::Malformed:
    case RejectKind::HeaderInvalid:
    case RejectKind::CommittedInvalid:
    case RejectKind::BodyMutated: // the hash stays welcome; its sender is the one to blame
    case RejectKind::KnownInvalid:
        return true;
    case RejectKind::MissingInputs: // a loose tx's parent may not have reached us yet
        return block;
    case RejectKind::Premature:
    case RejectKind::AlreadyKnown:
    case RejectKind::MissingParent:
    case RejectKind::Policy:
        return false;
    }
    return true;
}

} // namespace mbc::net
