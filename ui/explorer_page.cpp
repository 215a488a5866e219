#include "ui/explorer_page.h"

#include "ui/block_list_model.h"
#include "ui/client_model.h"
#include "ui/explorer_views.h"
#include "ui/fork_tree_panel.h"
#include "ui/node_thread.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mbc::ui {

ExplorerPage::ExplorerPage(ClientModel& model, QWidget* parent)
    : Page(parent)
    , model_(model)
    , heading_(makeHeading())
    , query_(new QLineEdit(this))
    , searchButton_(new QPushButton(this))
    , blocks_(new BlockListModel(model.node(), this))
    , blocksView_(new QTableView(this))
    , details_(new QTextBrowser(this))
    , tabs_(new QTabWidget(this))
    , forkTree_(new ForkTreePanel(model, tabs_)) {
    query_->setObjectName("explorerQuery");
    searchButton_->setObjectName("explorerSearchButton");
    blocksView_->setObjectName("blocksTable");
    blocksView_->setModel(blocks_);
    blocksView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    blocksView_->setSelectionMode(QAbstractItemView::SingleSelection);
    blocksView_->verticalHeader()->hide();
    blocksView_->verticalHeader()->setDefaultSectionSize(22); // fixed: fast with 100,000 rows
    blocksView_->horizontalHeader()->setSectionResizeMode(BlockListModel::HashColumn,
                                                          QHeaderView::Stretch);
    details_->setObjectName("explorerDetails");
    details_->setOpenLinks(false); // our links are block:, tx: and address:

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(query_, 1);
    searchRow->addWidget(searchButton_);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(blocksView_);
    split->addWidget(details_);
    split->setStretchFactor(1, 2);
    auto* blocksTab = new QWidget(tabs_);
    auto* blocksLayout = new QVBoxLayout(blocksTab);
    blocksLayout->setContentsMargins(0, 0, 0, 0);
    blocksLayout->addLayout(searchRow);
    blocksLayout->addWidget(split, 1);
    tabs_->setObjectName("explorerTabs");
    tabs_->addTab(blocksTab, QString());
    tabs_->addTab(forkTree_, QString());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(tabs_, 1);
    // A block clicked in the fork tree opens on the Blocks tab.
    connect(forkTree_, &ForkTreePanel::blockClicked, this, [this](const QString& hash) {
        tabs_->setCurrentIndex(0);
        openLink("block:" + hash);
    });

    connect(searchButton_, &QPushButton::clicked, this, [this] { search(query_->text()); });
    connect(query_, &QLineEdit::returnPressed, this, [this] { search(query_->text()); });
    connect(details_, &QTextBrowser::anchorClicked, this,
            [this](const QUrl& url) { openLink(url.toString()); });
    connect(blocksView_, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const QString hash = blocks_->hashAt(index.row());
        if (!hash.isEmpty())
            openLink("block:" + hash);
    });
    connect(&model_, &ClientModel::statusChanged, this, [this] {
        blocks_->setTip(model_.status().height, model_.status().blocksDisconnected);
    });
    retranslate();
}

void ExplorerPage::retranslate() {
    heading_->setText(tr("Explorer"));
    query_->setPlaceholderText(tr("height, block hash, txid or address, then Enter"));
    searchButton_->setText(tr("Search"));
    tabs_->setTabText(0, tr("Blocks"));
    tabs_->setTabText(1, tr("Fork tree"));
    forkTree_->retranslate();
}

void ExplorerPage::search(const QString& text) {
    showPage([text](node::NodeInterface& n) { return explorer::find(n, text); });
}

void ExplorerPage::openLink(const QString& link) {
    if (link.startsWith(QStringLiteral("check:"))) {
        emit validationRequested(link);
        return;
    }
    showPage([link](node::NodeInterface& n) { return explorer::follow(n, link); });
}

void ExplorerPage::showPage(std::function<explorer::Found(node::NodeInterface&)> lookUp) {
    const quint64 request = ++request_;
    model_.node().ask<explorer::Found>(std::move(lookUp), this,
                                       [this, request](explorer::Found found) {
                                           if (request == request_) // only the latest is shown
                                               details_->setHtml(explorer::html(found));
                                       });
}

} // namespace mbc::ui
