#include "ui/fork_tree_widget.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QSet>
#include <QToolTip>

#include <algorithm>

namespace mbc::ui {
namespace {

constexpr int kLeft = 70; // room for the height labels
constexpr int kTop = 12;
constexpr int kBoxWidth = 136;
constexpr int kBoxHeight = 24;
constexpr int kColumnStep = 156;
constexpr int kRowStep = 36;

QString hexOf(const Hash256& h) {
    return QString::fromStdString(h.hex());
}

QString statusText(node::ForkTreeView::Status s) {
    switch (s) {
    case node::ForkTreeView::Status::Active:
        return ForkTreeWidget::tr("active chain");
    case node::ForkTreeView::Status::ValidFork:
        return ForkTreeWidget::tr("valid fork (connected once, left by a reorg)");
    case node::ForkTreeView::Status::Headers:
        return ForkTreeWidget::tr("stored, its transactions not checked yet");
    case node::ForkTreeView::Status::Invalid:
        break;
    }
    return ForkTreeWidget::tr("invalid (it or an ancestor failed a rule)");
}

} // namespace

ForkTreeWidget::ForkTreeWidget(QWidget* parent)
    : QWidget(parent) {
    setObjectName("forkTree");
    setMouseTracking(true);
}

QColor ForkTreeWidget::colorOf(node::ForkTreeView::Status status) {
    switch (status) {
    case node::ForkTreeView::Status::Active:
        return QColor(0x15, 0x65, 0xc0);
    case node::ForkTreeView::Status::ValidFork:
        return QColor(0x54, 0x6e, 0x7a);
    case node::ForkTreeView::Status::Headers:
        return QColor(0xef, 0x8f, 0x00);
    case node::ForkTreeView::Status::Invalid:
        break;
    }
    return QColor(0xc6, 0x28, 0x28);
}

void ForkTreeWidget::setView(node::ForkTreeView view) {
    view_ = std::move(view);
    layOut();
    // The scroll area sizes a resizable widget from its minimum: all of the tree, scrolled.
    setMinimumSize(sizeHint());
    updateGeometry();
    update();
}

int ForkTreeWidget::columnOf(const QString& hash) const {
    return columns_.value(hash, -1);
}

// The active chain takes column 0. Another block continues its parent's column if it is the
// first child there; otherwise (a second child, a parent out of view) it starts a column.
void ForkTreeWidget::layOut() {
    boxes_.clear();
    columns_.clear();
    indexOf_.clear();
    columnCount_ = view_.blocks.empty() ? 0 : 1;
    topHeight_ = view_.tipHeight;
    for (const auto& b : view_.blocks)
        topHeight_ = std::max<std::int64_t>(topHeight_, b.height);
    QSet<QString> continued; // blocks whose column a child has taken
    for (int i = 0; i < int(view_.blocks.size()); ++i) {
        const auto& b = view_.blocks[std::size_t(i)];
        const QString hash = hexOf(b.hash);
        const QString parent = hexOf(b.parent);
        indexOf_[hash] = i;
        int column = 0;
        if (b.status != node::ForkTreeView::Status::Active) {
            const int parentColumn = columns_.value(parent, -1);
            if (parentColumn > 0 && !continued.contains(parent)) {
                column = parentColumn;
            } else {
                column = columnCount_++;
            }
        }
        continued.insert(parent);
        columns_[hash] = column;
    }
    rowCount_ = 0;
    for (const auto& b : view_.blocks) {
        const int row = int(topHeight_ - b.height);
        rowCount_ = std::max(rowCount_, row + 1);
        const int column = columns_.value(hexOf(b.hash));
        boxes_[hexOf(b.hash)] =
            QRect(kLeft + column * kColumnStep, kTop + row * kRowStep, kBoxWidth, kBoxHeight);
    }
}

QSize ForkTreeWidget::sizeHint() const {
    return {kLeft + std::max(1, columnCount_) * kColumnStep + 20,
            kTop + std::max(1, rowCount_) * kRowStep + 20};
}

void ForkTreeWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (view_.blocks.empty()) {
        p.setPen(palette().text().color());
        p.drawText(rect(), Qt::AlignCenter, tr("No block yet."));
        return;
    }
    // Height labels, one a row.
    p.setPen(palette().placeholderText().color());
    for (int row = 0; row < rowCount_; ++row)
        p.drawText(QRect(4, kTop + row * kRowStep, kLeft - 12, kBoxHeight),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(topHeight_ - row));
    // Each block to its parent.
    p.setPen(QPen(palette().text().color(), 1.5));
    for (const auto& b : view_.blocks) {
        const auto parent = boxes_.constFind(hexOf(b.parent));
        if (parent == boxes_.constEnd())
            continue;
        const QRect child = boxes_.value(hexOf(b.hash));
        p.drawLine(QPoint(child.center().x(), child.bottom()),
                   QPoint(parent->center().x(), parent->top()));
    }
    QSet<QString> connected, disconnected;
    if (view_.hasReorg) {
        for (const auto& h : view_.lastReorg.connectedHashes)
            connected.insert(hexOf(h));
        for (const auto& h : view_.lastReorg.disconnectedHashes)
            disconnected.insert(hexOf(h));
    }
    QFont mono("monospace");
    mono.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(mono);
    for (const auto& b : view_.blocks) {
        const QString hash = hexOf(b.hash);
        const QRect box = boxes_.value(hash);
        p.setBrush(colorOf(b.status));
        QPen outline(Qt::NoPen);
        if (connected.contains(hash) || disconnected.contains(hash)) {
            outline = QPen(QColor(0x8e, 0x24, 0xaa), 3,
                           disconnected.contains(hash) ? Qt::DashLine : Qt::SolidLine);
        }
        p.setPen(outline);
        p.drawRoundedRect(box, 5, 5);
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter,
                   hash.left(8) + QStringLiteral("… ") + tr("%n tx", nullptr, int(b.txCount)));
    }
}

const node::ForkTreeView::Block* ForkTreeWidget::blockAt(const QPoint& point) const {
    for (auto it = boxes_.constBegin(); it != boxes_.constEnd(); ++it)
        if (it.value().contains(point))
            return &view_.blocks[std::size_t(indexOf_.value(it.key()))];
    return nullptr;
}

void ForkTreeWidget::mousePressEvent(QMouseEvent* event) {
    if (const auto* b = blockAt(event->position().toPoint()))
        emit blockClicked(hexOf(b->hash));
    QWidget::mousePressEvent(event);
}

bool ForkTreeWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const auto* b = blockAt(help->pos()))
            QToolTip::showText(help->globalPos(),
                               tr("Block %1 at height %2\n%3\n%n transaction(s); click to open it",
                                  nullptr, int(b->txCount))
                                   .arg(hexOf(b->hash))
                                   .arg(b->height)
                                   .arg(statusText(b->status)),
                               this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace mbc::ui
