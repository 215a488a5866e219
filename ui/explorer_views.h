#pragma once

#include "node/node_views.h"

#include <QString>

#include <variant>

namespace mbc::node {
class NodeInterface;
}

namespace mbc::ui::explorer {

// The Explorer's pages: what a search or a link names is looked up through the node's
// interface on the node's thread (find, follow), and shown as HTML on the GUI thread (html).
// Links have the form block:<hash>, tx:<txid> and address:<address>.

// What was asked for and is not there.
struct NotFound {
    enum class Kind { Height, Block, Transaction, Unrecognized };
    Kind kind = Kind::Unrecognized;
    QString what; // the height, hash or text as asked
};
using Found = std::variant<NotFound, node::BlockView, node::TxView, node::AddressView>;

// A height, block hash, txid or address, as typed in the search box.
Found find(node::NodeInterface& node, const QString& text);
Found follow(node::NodeInterface& node, const QString& link);

QString html(const Found& found);

} // namespace mbc::ui::explorer
