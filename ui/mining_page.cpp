#include "ui/mining_page.h"

#include "consensus/primitives/fixed_bytes.h"
#include "ui/client_model.h"
#include "ui/difficulty_panel.h"
#include "ui/line_chart.h"
#include "ui/next_block_panel.h"
#include "ui/node_reasons.h"
#include "ui/node_thread.h"
#include "ui/status_text.h"

#include <QAbstractItemModel>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>
#include <QValueAxis>

#include <algorithm>

namespace mbc::ui {

MiningPage::MiningPage(ClientModel& model, QWidget* parent)
    : Page(parent)
    , model_(model)
    , heading_(makeHeading())
    , addressCaption_(new QLabel(this))
    , address_(new QLineEdit(this))
    , pickAddress_(new QToolButton(this))
    , threadsCaption_(new QLabel(this))
    , threads_(new QSpinBox(this))
    , mineOne_(new QPushButton(this))
    , startStop_(new QPushButton(this))
    , message_(new QLabel(this))
    , rate_(new QLabel(this))
    , target_(new QLabel(this))
    , expected_(new QLabel(this))
    , found_(new QLabel(this))
    , chart_(makeLineChart(this, "%d", "%.2f", 220))
    , tabs_(new QTabWidget(this))
    , nextBlock_(new NextBlockPanel(model, tabs_))
    , difficulty_(new DifficultyPanel(model, tabs_)) {
    chart_.x->setRange(-ClientModel::kHashRateSamples + 1, 0);
    address_->setObjectName("miningAddress");
    address_->setMaxLength(40);
    address_->setFont(QFont("monospace"));
    threads_->setObjectName("miningThreads");
    threads_->setRange(1, std::max(1, QThread::idealThreadCount()));
    threads_->setValue(threads_->maximum());
    threads_->setMaximumWidth(90);
    mineOne_->setObjectName("mineOneButton");
    startStop_->setObjectName("startStopMiningButton");
    message_->setObjectName("miningMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    target_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    target_->setWordWrap(true);
    found_->setObjectName("blocksFound");

    auto* grid = new QGridLayout;
    grid->addWidget(addressCaption_, 0, 0);
    pickAddress_->setObjectName("pickAddressButton");
    pickAddress_->setPopupMode(QToolButton::InstantPopup);
    pickAddress_->setEnabled(false);
    auto* addressRow = new QHBoxLayout;
    addressRow->addWidget(address_, 1);
    addressRow->addWidget(pickAddress_);
    grid->addLayout(addressRow, 0, 1, 1, 3);
    grid->addWidget(threadsCaption_, 1, 0);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(threads_);
    buttons->addWidget(mineOne_);
    buttons->addWidget(startStop_);
    buttons->addStretch();
    grid->addLayout(buttons, 1, 1, 1, 3);
    grid->setColumnStretch(1, 1);
    auto* mine = new QWidget(tabs_);
    auto* mineLayout = new QVBoxLayout(mine);
    mineLayout->addLayout(grid);
    mineLayout->addWidget(message_);
    for (QLabel* l : {rate_, target_, expected_, found_})
        mineLayout->addWidget(l);
    mineLayout->addWidget(chart_.view, 1);
    tabs_->setObjectName("miningTabs");
    tabs_->addTab(mine, QString());
    tabs_->addTab(nextBlock_, QString());
    tabs_->addTab(difficulty_, QString());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(tabs_, 1);

    connect(mineOne_, &QPushButton::clicked, this, &MiningPage::mineOne);
    connect(startStop_, &QPushButton::clicked, this, &MiningPage::toggleContinuous);
    connect(&model_, &ClientModel::statusChanged, this, &MiningPage::refresh);
    retranslate();
}

void MiningPage::setPayee(const QString& address) {
    address_->setText(address);
}

void MiningPage::offerAddresses(QAbstractItemModel* model, int labelColumn, int addressColumn) {
    auto* menu = new QMenu(this);
    pickAddress_->setMenu(menu);
    pickAddress_->setEnabled(true);
    connect(menu, &QMenu::aboutToShow, this, [this, menu, model, labelColumn, addressColumn] {
        menu->clear();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString label = model->index(row, labelColumn).data().toString();
            const QString address = model->index(row, addressColumn).data().toString();
            menu->addAction(label.isEmpty() ? address : label + " - " + address, this,
                            [this, address] { setPayee(address); });
        }
        if (menu->isEmpty())
            menu->addAction(tr("The wallet has no address yet"))->setEnabled(false);
    });
}

void MiningPage::retranslate() {
    heading_->setText(tr("Mining"));
    addressCaption_->setText(tr("Reward to:"));
    pickAddress_->setText(tr("Wallet"));
    pickAddress_->setToolTip(tr("One of the wallet's addresses"));
    address_->setPlaceholderText(tr("address: 40 hex digits (a pubkey hash)"));
    threadsCaption_->setText(tr("Threads:"));
    mineOne_->setText(tr("Mine one block"));
    chart_.view->chart()->setTitle(tr("Hash rate over the last two minutes"));
    chart_.x->setTitleText(tr("seconds"));
    tabs_->setTabText(0, tr("Mine"));
    tabs_->setTabText(1, tr("Next block"));
    tabs_->setTabText(2, tr("Difficulty"));
    nextBlock_->retranslate();
    difficulty_->retranslate();
    refresh();
}

void MiningPage::refresh() {
    const node::NodeStatus& s = model_.status();
    const bool ready = model_.started();
    mineOne_->setEnabled(ready && !s.continuous);
    startStop_->setEnabled(ready);
    startStop_->setText(s.continuous ? tr("Stop mining") : tr("Start mining"));
    threads_->setEnabled(!s.continuous);
    rate_->setText(tr("Hash rate: %1").arg(s.mining ? hashRateText(s.hashRate) : miningText(s)));
    target_->setText(tr("Target of the next block: %1").arg(s.nextTarget));
    if (s.hashRate > 0 && s.hashesPerBlock > 0)
        expected_->setText(tr("Expected time per block at this rate: %1 s")
                               .arg(s.hashesPerBlock / s.hashRate, 0, 'f', 2));
    else
        expected_->setText(tr("Expected nonces per block: %1").arg(s.hashesPerBlock, 0, 'g', 4));
    found_->setText(tr("Blocks this node found: %1").arg(s.blocksFound));

    // The chart's unit follows the rates it shows (regtest mines at H/s, main at MH/s).
    const QVector<double>& rates = model_.hashRates();
    const double top = rates.isEmpty() ? 0 : *std::max_element(rates.begin(), rates.end());
    const double unit = top >= 1e6 ? 1e6 : top >= 1e3 ? 1e3 : 1;
    chart_.y->setTitleText(unit == 1e6 ? tr("MH/s") : unit == 1e3 ? tr("kH/s") : tr("H/s"));
    QList<QPointF> points;
    for (int i = 0; i < rates.size(); ++i)
        points << QPointF(i - rates.size() + 1, rates[i] / unit);
    chart_.series->replace(points);
    chart_.y->setRange(0, top > 0 ? top / unit * 1.2 : 1.0);
}

std::optional<QString> MiningPage::payee() {
    const QString text = address_->text().trimmed().toLower();
    if (!PubKeyHash::fromHex(text.toStdString())) {
        say(tr("Enter the address that receives the reward: 40 hex digits (a pubkey hash)."), true);
        address_->setFocus();
        return std::nullopt;
    }
    return text;
}

void MiningPage::say(const QString& message, bool error) {
    showOutcome(message_, message, error);
}

void MiningPage::mineOne() {
    const auto address = payee();
    if (!address)
        return;
    ++pendingOne_;
    say(tr("Mining a block..."));
    const PubKeyHash to = *PubKeyHash::fromHex(address->toStdString());
    QPointer<MiningPage> self(this);
    NodeThread* node = &model_.node();
    node->post([to, self, node](node::NodeInterface& n) {
        n.mineOne(
            to, [self, node](const std::variant<node::MinedBlock, node::MiningStop>& outcome) {
                QString text;
                bool error = false;
                if (const auto* mined = std::get_if<node::MinedBlock>(&outcome)) {
                    text = tr("Mined block %1 at height %2 in %3 s.")
                               .arg(QString::fromStdString(mined->hash.hex()))
                               .arg(mined->height)
                               .arg(mined->elapsedSeconds, 0, 'f', 2);
                } else {
                    text = tr("No block: %1")
                               .arg(NodeReasons::miningStop(std::get<node::MiningStop>(outcome)));
                    error = true;
                }
                node->deliver([self, text, error] {
                    if (!self)
                        return;
                    --self->pendingOne_;
                    self->say(text, error);
                });
            });
    });
}

void MiningPage::toggleContinuous() {
    if (model_.status().continuous) {
        model_.node().post([](node::NodeInterface& n) { n.stopMining(); });
        say(tr("Mining stopped."));
        model_.node().refreshStatus();
        return;
    }
    const auto address = payee();
    if (!address)
        return;
    const PubKeyHash to = *PubKeyHash::fromHex(address->toStdString());
    const unsigned threads = unsigned(threads_->value());
    model_.node().post([to, threads](node::NodeInterface& n) { n.startMining(to, threads); });
    say(tr("Mining on %n thread(s) until you stop it.", nullptr, int(threads)));
    model_.node().refreshStatus();
}

} // namespace mbc::ui
