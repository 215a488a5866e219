#pragma once

#include "ui/snapshot_table_model.h"

namespace mbc::ui {

class NodeThread;

// The transactions waiting in the node's mempool (txid, fee, size, fee rate, received), from
// NodeInterface::mempool().
class MempoolTableModel : public SnapshotTableModel {
    Q_OBJECT
public:
    explicit MempoolTableModel(NodeThread& node, QObject* parent = nullptr);

    // Asks the node for the mempool now; the rows change when it answers.
    void refresh();
    void retranslate();

private:
    NodeThread& node_;
};

} // namespace mbc::ui
