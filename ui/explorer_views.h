#pragma once

#include <QString>

namespace mbc::net {
class NodeServices;
}

namespace mbc::ui::explorer {

// The Explorer's pages as HTML, built on the node's thread from the node's store and mempool.
// Links have the form block:<hash>, tx:<txid> and address:<address>, and open() follows them.

// A height, block hash, txid or address, as typed in the search box; a page saying what was
// not found otherwise.
QString search(net::NodeServices& services, const QString& text);
QString open(net::NodeServices& services, const QString& link);

} // namespace mbc::ui::explorer
