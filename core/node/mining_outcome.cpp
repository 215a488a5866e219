#include "node/mining_outcome.h"

namespace mbc::node {

QString miningStopMessage(MiningStop why) {
    switch (why) {
    case MiningStop::Stopped:
        break;
    case MiningStop::StoppedByApi:
        return QStringLiteral("mining was stopped by POST /mining/stop");
    case MiningStop::ShuttingDown:
        return QStringLiteral("the node is shutting down");
    case MiningStop::StoreUnavailable:
        return QStringLiteral("the node's database is unavailable; mining goes on once it is "
                              "back");
    case MiningStop::StoreFailed:
        return QStringLiteral("the store failed while the node took a mined block");
    }
    return QStringLiteral("mining was stopped");
}

} // namespace mbc::node
