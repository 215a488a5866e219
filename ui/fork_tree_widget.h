#pragma once

#include "node/chain_views.h"

#include <QHash>
#include <QRect>
#include <QWidget>

namespace mbc::ui {

// Draws the block index near the tip as a tree: the tip on top, a row a height, the active
// chain in the first column and each other branch in a column of its own, each block coloured
// by its status and linked to its parent; the last reorg's blocks are outlined (connected:
// solid, disconnected: dashed).
class ForkTreeWidget : public QWidget {
    Q_OBJECT
public:
    explicit ForkTreeWidget(QWidget* parent = nullptr);

    void setView(node::ForkTreeView view);
    const node::ForkTreeView& view() const { return view_; }
    // Where each shown block is drawn, by hash (hex): for tests and clicks.
    const QHash<QString, QRect>& boxes() const { return boxes_; }
    // The column of each shown block (0: the active chain).
    int columnOf(const QString& hash) const;

    QSize sizeHint() const override;
    static QColor colorOf(node::ForkTreeView::Status status);

signals:
    void blockClicked(const QString& hash);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    void layOut();
    const node::ForkTreeView::Block* blockAt(const QPoint& point) const;

    node::ForkTreeView view_;
    QHash<QString, QRect> boxes_;
    QHash<QString, int> columns_;
    QHash<QString, int> indexOf_; // into view_.blocks
    std::int64_t topHeight_ = 0;
    int columnCount_ = 0;
    int rowCount_ = 0;
};

} // namespace mbc::ui
