#pragma once

#include "consensus/result.h"
#include "node/mining_outcome.h"
#include "node/peer_refusal.h"
#include "node/start_failure.h"
#include "node/sync_result.h"

#include <QCoreApplication>
#include <QString>

namespace mbc::ui {

// What the node says, in the user's language. The node words its refusals in English for the
// REST API and logs, and gives each a stable reason; these sentences are the app's own. What
// the operating system or a database driver said is passed through as it came.
class NodeReasons {
    Q_DECLARE_TR_FUNCTIONS(mbc::ui::NodeReasons)
public:
    // Why a transaction or block was refused, then its code: "... (bad-txns-in-belowout)".
    static QString rejection(const Failure& failure);
    static QString peerRefusal(const node::PeerRefusal& refusal);
    static QString syncFailure(const node::SyncResult& result);
    static QString miningStop(node::MiningStop why);
    static QString startFailure(const node::StartFailure& failure);

private:
    static QString rejectionReason(RejectCode code);
};

} // namespace mbc::ui
