#include "ui/overview_page.h"

#include "ui/client_model.h"
#include "ui/status_text.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace mbc::ui {

OverviewPage::OverviewPage(ClientModel& model, QWidget* parent)
    : Page(parent)
    , model_(model)
    , heading_(makeHeading())
    , hint_(new QLabel(this))
    , networkName_(new QLabel(this))
    , height_(new QLabel(this))
    , tip_(new QLabel(this))
    , peers_(new QLabel(this))
    , mempool_(new QLabel(this))
    , sync_(new QLabel(this))
    , mining_(new QLabel(this))
    , restUrl_(new QLabel(this)) {
    hint_->setWordWrap(true);
    hint_->setTextFormat(Qt::PlainText); // (a start error quotes the database server's words)
    hint_->setObjectName("overviewHint");
    hint_->setStyleSheet(
        "QLabel { background: #fff6d5; border: 1px solid #e0c060; padding: 8px; }");
    height_->setObjectName("overviewHeight");
    tip_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    restUrl_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    for (QLabel* value :
         {networkName_, height_, tip_, peers_, mempool_, sync_, mining_, restUrl_}) {
        auto* caption = new QLabel(this);
        captions_ << caption;
        form->addRow(caption, value);
    }
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(hint_);
    layout->addLayout(form);
    layout->addStretch();

    connect(&model_, &ClientModel::statusChanged, this, &OverviewPage::refresh);
    connect(&model_, &ClientModel::startFailed, this, &OverviewPage::refresh);
    retranslate();
}

void OverviewPage::retranslate() {
    heading_->setText(tr("Overview"));
    const QStringList captions{tr("Network:"), tr("Height:"), tr("Tip:"),    tr("Peers:"),
                               tr("Mempool:"), tr("Sync:"),   tr("Mining:"), tr("REST API:")};
    for (int i = 0; i < captions_.size(); ++i)
        captions_[i]->setText(captions[i]);
    refresh();
}

void OverviewPage::refresh() {
    const node::NodeStatus& s = model_.status();
    if (!model_.startError().isEmpty()) {
        hint_->setText(tr("The node did not start: %1").arg(model_.startError()));
        hint_->show();
    } else if (!model_.started()) {
        hint_->setText(tr("Starting the node..."));
        hint_->show();
    } else if (s.height < 0) {
        hint_->setText(tr("This chain is empty. Mine the genesis block: open Mining, enter the "
                          "address that receives the reward, and press \"Mine one block\"."));
        hint_->show();
    } else {
        hint_->hide();
    }
    networkName_->setText(s.network);
    height_->setText(s.height < 0 ? tr("no blocks yet") : QString::number(s.height));
    tip_->setText(s.tipHash.isEmpty() ? tr("none") : s.tipHash);
    peers_->setText(QString::number(s.peers));
    mempool_->setText(tr("%n transaction(s)", nullptr, s.mempoolTxs));
    sync_->setText(syncText(s));
    mining_->setText(miningText(s));
    restUrl_->setText(s.restUrl);
}

} // namespace mbc::ui
