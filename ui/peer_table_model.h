#pragma once

#include "ui/snapshot_table_model.h"

namespace mbc::ui {

class NodeThread;

// The node's peers (URL, status, failures, last seen), from NodeInterface::peers().
class PeerTableModel : public SnapshotTableModel {
    Q_OBJECT
public:
    explicit PeerTableModel(NodeThread& node, QObject* parent = nullptr);

    // Asks the node for the peers now; the rows change when it answers.
    void refresh();
    QString urlAt(int row) const { return cell(row, 0); }
    void retranslate();

private:
    NodeThread& node_;
};

} // namespace mbc::ui
