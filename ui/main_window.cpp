#include "ui/main_window.h"

#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

namespace mbc::ui {

MainWindow::MainWindow(NetworkParams network, QWidget* parent)
    : QMainWindow(parent)
    , networkParams_(std::move(network))
    , heading_(new QLabel(this))
    , body_(new QLabel(this))
    , network_(new QLabel(this)) {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    QFont headingFont = heading_->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.8);
    headingFont.setBold(true);
    heading_->setFont(headingFont);
    body_->setWordWrap(true);
    network_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    network_->setObjectName("networkLabel");
    layout->addWidget(heading_);
    layout->addWidget(body_);
    layout->addWidget(network_);
    layout->addStretch();
    setCentralWidget(central);
    setWindowIcon(QIcon(":/icons/minibitcoin.png"));
    resize(640, 360);
    retranslate();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("MiniBitcoin"));
    heading_->setText(tr("MiniBitcoin"));
    body_->setText(tr("A wallet and full node of a small proof-of-work blockchain. This build "
                      "contains the consensus rules; the node, wallet, mining and explorer panes "
                      "come next."));
    network_->setText(
        tr("Network: %1, genesis target %2")
            .arg(QString::fromStdString(networkParams_.name),
                 QString::fromStdString(networkParams_.genesisTarget.toHexQuantity())));

    menuBar()->clear();
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MiniBitcoin"), this, [this] {
        QMessageBox::about(this, tr("About MiniBitcoin"),
                           tr("MiniBitcoin %1\nReleased under the MIT license.")
                               .arg(QApplication::applicationVersion()));
    });
    statusBar()->showMessage(tr("Ready"));
}

} // namespace mbc::ui
