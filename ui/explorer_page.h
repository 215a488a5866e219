#pragma once

#include "ui/explorer_views.h"
#include "ui/page.h"

#include <functional>

class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace mbc::ui {

class BlockListModel;
class ClientModel;
class ForkTreePanel;

// The chain explorer: the latest blocks (newest first, fetched as they are scrolled to), one
// search box for a height, block hash, txid or address, and a page for the block, tx or address
// found, whose links lead on (spent outputs to their txs, outputs to their addresses); and, on
// its second tab, the fork tree (ForkTreePanel).
class ExplorerPage : public Page {
    Q_OBJECT
public:
    explicit ExplorerPage(ClientModel& model, QWidget* parent = nullptr);

    BlockListModel& blocks() { return *blocks_; }
    ForkTreePanel& forkTree() { return *forkTree_; }
    void search(const QString& text);
    void openLink(const QString& link);

signals:
    // A check:block:<hash> or check:tx:<txid> link: the Validation pane's business.
    void validationRequested(const QString& link);

private:
    void retranslate() override;
    // Renders a page on the node's thread and shows it, unless a later one was asked for.
    // Looks up on the node's thread, shows the answer here.
    void showPage(std::function<explorer::Found(node::NodeInterface&)> lookUp);

    ClientModel& model_;
    QLabel* heading_;
    QLineEdit* query_;
    QPushButton* searchButton_;
    BlockListModel* blocks_;
    QTableView* blocksView_;
    QTextBrowser* details_;
    QTabWidget* tabs_; // blocks and pages, the fork tree
    ForkTreePanel* forkTree_;
    quint64 request_ = 0; // the latest page asked for
};

} // namespace mbc::ui
