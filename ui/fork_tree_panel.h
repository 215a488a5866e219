#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;

namespace mbc::ui {

class ClientModel;
class ForkTreeWidget;

// The Explorer's fork tree: the block index near the tip with a legend, the blocks waiting for
// their parents, and what the last reorg disconnected, connected and sent back to the mempool.
class ForkTreePanel : public QWidget {
    Q_OBJECT
public:
    explicit ForkTreePanel(ClientModel& model, QWidget* parent = nullptr);

    void retranslate();
    ForkTreeWidget& tree() { return *tree_; }

signals:
    void shown(); // a fresh view is on screen
    void blockClicked(const QString& hash);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    void present();

    ClientModel& model_;
    QLabel* legend_;
    ForkTreeWidget* tree_;
    QLabel* reorg_;
    QLabel* orphans_;
    bool asking_ = false;
    bool asked_ = false;
    qint64 shownHeight_ = -2;
    quint64 shownDisconnects_ = 0;
    QString shownTip_;
    QElapsedTimer sinceShown_;
};

} // namespace mbc::ui
