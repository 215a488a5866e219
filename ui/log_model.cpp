#include "ui/log_model.h"

#include "node/logging.h"
#include "ui/plain_tooltip.h"

#include <QBrush>
#include <QFont>

#include <algorithm>

namespace mbc::ui {

LogModel::LogModel(QObject* parent)
    : QAbstractListModel(parent) {
    // Queued to this object: Qt drops the call if the model is gone by then, and the
    // destructor removes the listener before anything else can call it.
    node::setLogListener([this](const QString& line) {
        QMutexLocker lock(&pendingMutex_);
        pending_ << line;
        if (!flushQueued_) {
            flushQueued_ = true;
            QMetaObject::invokeMethod(this, &LogModel::takePending, Qt::QueuedConnection);
        }
    });
}

LogModel::~LogModel() {
    node::setLogListener({});
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(lines_.size());
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= lines_.size())
        return {};
    const QString& line = lines_[index.row()];
    if (role == Qt::DisplayRole)
        return line;
    if (role == Qt::ToolTipRole) // (a line may quote what a peer sent, markup and all)
        return plainToolTip(*this, index);
    // "<time> <LEVEL> <category>: <message>": the level and category are the node's own words,
    // the message may quote others'. A reorg is the chain changing its mind: its line stands out.
    const QString level = line.section(' ', 1, 1, QString::SectionSkipEmpty);
    const bool reorg =
        line.section(' ', 2, 3, QString::SectionSkipEmpty) == QLatin1String("chain: reorg:");
    if (role == Qt::ForegroundRole) {
        if (level == QLatin1String("ERROR") || level == QLatin1String("FATAL"))
            return QBrush(Qt::red);
        if (level == QLatin1String("WARN"))
            return QBrush(QColor(0xb0, 0x60, 0x00));
        if (reorg)
            return QBrush(QColor(0x6a, 0x1b, 0x9a));
    }
    if (role == Qt::FontRole && reorg) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

void LogModel::takePending() {
    QStringList lines;
    {
        QMutexLocker lock(&pendingMutex_);
        lines.swap(pending_);
        flushQueued_ = false;
    }
    append(lines);
}

void LogModel::append(const QStringList& lines) {
    const qsizetype keep = std::min<qsizetype>(lines.size(), kMaxLines);
    const qsizetype drop = std::max<qsizetype>(0, lines_.size() + keep - kMaxLines);
    if (drop > 0) {
        beginRemoveRows({}, 0, int(drop - 1));
        lines_.erase(lines_.begin(), lines_.begin() + drop);
        endRemoveRows();
    }
    if (keep == 0)
        return;
    beginInsertRows({}, int(lines_.size()), int(lines_.size() + keep - 1));
    lines_.append(lines.mid(lines.size() - keep));
    endInsertRows();
}

} // namespace mbc::ui
