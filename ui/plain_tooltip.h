#pragma once

#include <QAbstractItemModel>

namespace mbc::ui {

// A cell's tooltip: its text, escaped. Qt shows a tooltip that looks like markup as rich text,
// and labels, contacts and request messages come from other people's payment links.
inline QVariant plainToolTip(const QAbstractItemModel& model, const QModelIndex& index) {
    return model.data(index, Qt::DisplayRole).toString().toHtmlEscaped();
}

} // namespace mbc::ui
