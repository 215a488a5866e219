#pragma once

#include "node/chain_views.h"
#include "ui/snapshot_table_model.h"

namespace mbc::ui {

// The next block's projection, a row a transaction: those that go in (in block order), then
// those that wait, highest fee rate first, each with why.
class NextBlockModel : public SnapshotTableModel {
    Q_OBJECT
public:
    explicit NextBlockModel(QObject* parent = nullptr);

    void show(node::NextBlockView view);
    const node::NextBlockView& view() const { return view_; }
    void retranslate();

    // Why a tx waits, in the app's language.
    static QString waitText(const node::NextBlockView::Waiting& w, std::size_t maxTxs);

private:
    node::NextBlockView view_;
};

} // namespace mbc::ui
