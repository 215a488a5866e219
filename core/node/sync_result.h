#pragma once

#include "consensus/result.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace mbc::node {

// Why a sync ended early.
enum class SyncFailure {
    None,
    Banned,           // the peer is banned for a while; nobody asked it
    Unreachable,      // it did not answer (detail: the network's or its HTTP error)
    NotANode,         // its /health is not a MiniBitcoin node's
    OtherNetwork,     // it is on another network or genesis target (detail: its network)
    MalformedData,    // a page or block it sent does not decode (rejection: why)
    InvalidBlock,     // it sent a block that breaks a rule (rejection: which)
    UnconnectedBlock, // it sent a block whose parent is neither in the page nor our chain
    StorageFailure,   // our own store failed (detail: what it said)
    Stalled,          // it served only blocks we have, after headers that promised more
    Busy,             // too many syncs are waiting already; nobody asked the peer
};

struct SyncResult {
    QString message;             // in English, for the REST API and logs
    std::int64_t newHeight = -1; // our tip afterwards
    std::uint64_t blocksReceived = 0;
    std::int64_t peerHeight = -1; // as far as the headers and blocks it sent prove
    SyncFailure failure = SyncFailure::None;
    QString detail;
    std::optional<Failure> rejection;

    bool ok() const { return failure == SyncFailure::None; }
    // It sent something invalid (not merely failed to answer).
    bool peerMisbehaved() const {
        return failure == SyncFailure::NotANode || failure == SyncFailure::OtherNetwork ||
               failure == SyncFailure::MalformedData || failure == SyncFailure::InvalidBlock ||
               failure == SyncFailure::UnconnectedBlock || failure == SyncFailure::Stalled;
    }
};

} // namespace mbc::node
