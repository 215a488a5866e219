#include "net/node_routes.h"
#include "node/node.h"

namespace mbc::net {

void requireChainUnmoved(node::Node& node, const std::optional<Hash256>& readAt, bool lastAttempt) {
    if (node.mempoolAwaitsReorg() || (node.tip().hash != readAt && !lastAttempt))
        throw StaleRead{};
}

} // namespace mbc::net
